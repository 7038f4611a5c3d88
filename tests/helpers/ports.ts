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

/** The lowest port of the system's ephemeral range (Linux's own default when it cannot be read). */
export function ephemeralLow(): number {
  try {
    const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    if (Number.isInteger(low) && low > 0) return low;
  } catch {
    // Not Linux, or /proc not mounted: the range Linux uses by default.
  }
  return 32768;
}

/** The ports chosen from: above the registered ports most local services use, below the ephemeral range. */
export function chosenPortRange(): { from: number; to: number } {
  const to = ephemeralLow() - 1;
  return { from: Math.min(20000, to - 1000), to };
}

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** A loopback port outside the ephemeral range that nothing listens on now. */
export async function restartablePort(): Promise<number> {
  const { from, to } = chosenPortRange();
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = randomInt(from, to + 1);
    if (await bindable(port)) return port;
  }
  throw new Error(`no free loopback port between ${from} and ${to} after 100 tries`);
}
