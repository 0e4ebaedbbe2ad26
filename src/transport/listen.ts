// Starts a listening server (TTLV, HTTPS or admin listener) and resolves with its address; a
// port already taken or an address that is not ours rejects instead of crashing the process.
import type { AddressInfo, Server } from 'node:net';

export async function listenOn(server: Server, port: number, host: string): Promise<AddressInfo> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server.address() as AddressInfo;
}
