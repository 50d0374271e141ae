// A bigger kernel receive buffer for each UDP socket: datagrams that arrive while Porthole is
// busy (a burst, a long frame of work) wait there instead of being dropped. The default
// (about 208 KiB on Linux) holds only a few hundred datagrams. The OS caps what it grants
// (net.core.rmem_max on Linux, which then grants its cap without an error; macOS refuses
// sizes over its limit, so smaller sizes are tried).

import type { Socket } from 'node:dgram';

/** What Porthole asks for; the OS may grant less. */
export const WANTED_RECEIVE_BUFFER = 8 * 1024 * 1024;
const SMALLEST_TRY = 256 * 1024;

/** Asks for the biggest buffer the OS allows up to WANTED_RECEIVE_BUFFER; never throws. */
export function growReceiveBuffer(socket: Socket): void {
  for (let size = WANTED_RECEIVE_BUFFER; size >= SMALLEST_TRY; size /= 2) {
    try {
      socket.setRecvBufferSize(size);
      return;
    } catch {
      // Over the OS limit: try half.
    }
  }
}
