/**
 * The ports test gateways restart on (tests/helpers/ports.ts): outside the range the system hands
 * out by itself, and free when chosen.
 */
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { chosenPortRange, ephemeralLow, restartablePort } from '../../helpers/ports.ts';

const listenOn = (port: number) =>
  new Promise<() => Promise<void>>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => resolve(() => new Promise<void>((done) => server.close(() => done()))));
  });

describe('ports for test servers that restart', () => {
  it('are chosen below the ephemeral range, and can be listened on', async () => {
    const low = ephemeralLow();
    const { from, to } = chosenPortRange();
    expect(to).toBe(low - 1);
    expect(from).toBeGreaterThanOrEqual(1024);
    for (let i = 0; i < 10; i++) {
      const port = await restartablePort();
      expect(port).toBeGreaterThanOrEqual(from);
      expect(port).toBeLessThan(low);
      const close = await listenOn(port);
      await close();
    }
  });

  it('a port the system hands out for listen(0) is never in the chosen range', async () => {
    const { to } = chosenPortRange();
    for (let i = 0; i < 10; i++) {
      const server = createServer();
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const address = server.address();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      expect(typeof address === 'object' && address ? address.port : 0).toBeGreaterThan(to);
    }
  });
});
