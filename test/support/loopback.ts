/** A test server on 127.0.0.1 and a free port. */
import type { AddressInfo, Server } from 'node:net';

/** Starts `server` listening on loopback and resolves to the port it got. */
export async function listenOnLoopback(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}
