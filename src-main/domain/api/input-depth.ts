/**
 * How deep an input may nest (part of the input guard, input-guard.ts), without zod: browser
 * mode's HTTP front asks it of every body before the service thread copies it, and that front
 * is loaded before the login page is served, so it must not load the schema library.
 */
export const maxInputDepth = 32;

export const tooDeepMessage = `请求内容嵌套层数过多（最多 ${maxInputDepth} 层），请从界面重新操作`;

/**
 * True when `value` nests deeper than any real input. Adapters that copy the input before the
 * dispatcher sees it (the service thread's structured clone is recursive) ask this first.
 */
export function nestsTooDeep(value: unknown): boolean {
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const { value: current, depth } = stack.pop() as { value: unknown; depth: number };
    if (depth > maxInputDepth) return true;
    if (current !== null && typeof current === 'object') {
      for (const child of Object.values(current as Record<string, unknown>)) stack.push({ value: child, depth: depth + 1 });
    }
  }
  return false;
}
