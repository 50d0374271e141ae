// Which protocol decoder applies to a connection, from what its bytes were detected as. Shared
// by the Decoded tab and the Compare view.
import type { DecoderName } from '../../../shared/decoders/types';
import type { Detection, DetectedProtocol } from '../../../shared/model';

const DECODER_OF: Partial<Record<DetectedProtocol, DecoderName>> = {
  http: 'http',
  websocket: 'websocket',
  tls: 'tls',
  redis: 'redis',
  postgres: 'postgres',
};

/**
 * The decoder for a connection, or null when none applies. WebSocket wins: an upgraded HTTP
 * connection is detected as 'websocket' in one direction while the other may still read 'http',
 * and the WebSocket decoder covers the handshake too.
 */
export function decoderFor(detected: Detection): DecoderName | null {
  if (detected.in === 'websocket' || detected.out === 'websocket') return 'websocket';
  const inbound = detected.in ? DECODER_OF[detected.in] : undefined;
  const outbound = detected.out ? DECODER_OF[detected.out] : undefined;
  return inbound ?? outbound ?? null;
}
