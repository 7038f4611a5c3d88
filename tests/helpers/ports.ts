/**
 * Ports for test servers that are stopped and started again on the same port (a gateway taken
 * down to play an outage, PostgreSQL restarted under it). A port the operating system handed out
 * (`listen(0)`) lies in its ephemeral range, from which it also hands out the local ports of
 * outgoing connections and other servers' `listen(0)`: while the server is down, any other test
 * process may be given that port, and the restart then fails with EADDRINUSE (and every test
 * after it in the file with it). A port below that range is never handed out by the system, only
 * chosen, so only another chooser can take it, at random among some ten thousand.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { randomInt } from 'node:crypto';

/** The system's ephemeral range (Linux's own default when it cannot be read). */
export function ephemeralRange(): { low: number; high: number } {
  try {
    const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    if (Number.isInteger(low) && Number.isInteger(high) && (low as number) > 0 && (high as number) >= (low as number)) return { low: low as number, high: high as number };
  } catch {
    // Not Linux, or /proc not mounted: the range Linux uses by default.
  }
  return { low: 32768, high: 60999 };
}

/** Ports enough to choose from at random without two test files meeting. */
const minimumChoice = 2000;

/**
 * The ports chosen from, outside the ephemeral range: below it and above the ports local services
 * usually take (from 20000), else above it; null when the range leaves neither (the system then
 * picks, as before).
 */
export function chosenPortRange(): { from: number; to: number } | null {
  const { low, high } = ephemeralRange();
  const below = { from: Math.max(1024, Math.min(20000, low - minimumChoice)), to: low - 1 };
  if (below.to - below.from + 1 >= minimumChoice) return below;
  const above = { from: high + 1, to: 65535 };
  return above.to - above.from + 1 >= minimumChoice ? above : null;
}

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** A loopback port outside the ephemeral range that nothing listens on now; 0 (the system picks) when there is none to choose from. */
export async function restartablePort(): Promise<number> {
  const range = chosenPortRange();
  if (range === null) return 0;
  const { from, to } = range;
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = randomInt(from, to + 1);
    if (await bindable(port)) return port;
  }
  throw new Error(`no free loopback port between ${from} and ${to} after 100 tries`);
}
