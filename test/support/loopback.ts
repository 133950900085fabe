/** A test server on 127.0.0.1 and a free port. */
import type { AddressInfo, Server } from 'node:net';

/** Starts `server` listening on loopback and resolves to the port it got; a failure to listen rejects. */
export async function listenOnLoopback(server: Server): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}
