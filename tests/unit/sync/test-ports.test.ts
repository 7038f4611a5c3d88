/**
 * The ports test gateways restart on (tests/helpers/ports.ts): outside the range the system hands
 * out by itself, and free when chosen.
 */
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { chosenPortRange, ephemeralRange, restartablePort } from '../../helpers/ports.ts';

const listenOn = (port: number) =>
  new Promise<() => Promise<void>>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => resolve(() => new Promise<void>((done) => server.close(() => done()))));
  });

describe('ports for test servers that restart', () => {
  it('are chosen outside the ephemeral range, unprivileged, and can be listened on', async () => {
    const { low, high } = ephemeralRange();
    const range = chosenPortRange();
    // This machine's range (Linux's default 32768–60999) leaves room below it.
    expect(range).not.toBeNull();
    for (let i = 0; i < 10; i++) {
      const port = await restartablePort();
      expect(port).toBeGreaterThanOrEqual(1024);
      expect(port < low || port > high).toBe(true);
      const close = await listenOn(port);
      await close();
    }
  });

  it('a port the system hands out for listen(0) is never one of the chosen', async () => {
    const range = chosenPortRange();
    if (range === null) throw new Error('no range to choose from on this machine');
    for (let i = 0; i < 10; i++) {
      const server = createServer();
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const address = server.address();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      const port = typeof address === 'object' && address ? address.port : -1;
      expect(port >= range.from && port <= range.to).toBe(false);
    }
  });
});
