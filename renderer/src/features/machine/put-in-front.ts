// "Put Porthole in front" of a service: a relay port on a free port near the service's, forwarding
// to it, so a client pointed at the new address is recorded in both directions.
import { DEFAULT_RELAY_TIMEOUT_MS, NO_FAULTS } from '../../../../shared/behaviours';
import type { ErrorInfo } from '../../../../shared/errors';
import type { MachineListener } from '../../../../shared/machine';
import type { ListenerInfo } from '../../../../shared/model';
import type { PortholeApi } from '../../../../shared/contract';
import type { PortholeState } from '../../store/porthole-state';

/** Where the relay forwards: the service's own address; a wildcard is reached over loopback. */
export function relayTarget(listener: MachineListener): string {
  if (listener.ip === '0.0.0.0') return '127.0.0.1';
  if (listener.ip === '::') return '::1';
  return listener.ip;
}

/**
 * Open the relay on localhost (both loopback families, so the client reaches it however it
 * resolves "localhost") on the first free port after the service's.
 */
export async function putInFront(
  api: Pick<PortholeApi, 'suggestPort'>,
  openPort: PortholeState['openPort'],
  listener: MachineListener,
): Promise<{ ok: true; listener: ListenerInfo } | { ok: false; error: ErrorInfo }> {
  const free = await api.suggestPort({
    protocol: listener.protocol,
    host: 'localhost',
    after: listener.port,
  });
  if (!free.ok) return { ok: false, error: free.error };
  const opened = await openPort({
    protocol: listener.protocol,
    host: 'localhost',
    port: free.value.port,
    behaviour: {
      kind: 'relay',
      host: relayTarget(listener),
      port: listener.port,
      connectTimeoutMs: DEFAULT_RELAY_TIMEOUT_MS,
    },
    faults: NO_FAULTS,
  });
  return opened.ok ? { ok: true, listener: opened.value } : { ok: false, error: opened.error };
}
