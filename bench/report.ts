/**
 * One JSON object per line on stdout: { name, value, unit, includes, ...context }. `includes` is
 * required: every figure says what its clock includes (from which action to which answer, through
 * what), so nobody reads an in-process call as what a user waits for.
 */
export function report(name: string, value: number, unit: string, context: { includes: string } & Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify({ name, value: Number(value.toFixed(4)), unit, ...context })}\n`);
}

export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}

export function median(samples: readonly number[]): number {
  return percentile(samples, 50);
}
