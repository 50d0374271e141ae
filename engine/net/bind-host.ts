// Binding every address a listen host stands for on one port, the same way for TCP servers and
// UDP sockets: each protocol supplies only how to bind one address and how to let go.

import type { ListenHost } from '../../shared/model';
import { errnoCode } from './errno';
import { addressesOf, type HostAddress } from './listen-addresses';

/** Fresh ports tried when asked for "any port" on two addresses and ::1 has the first one taken. */
const ANY_PORT_ATTEMPTS = 5;

/** One bound socket (a TCP server, a UDP socket) and the address it holds. */
export interface Bound<Handle> {
  readonly handle: Handle;
  readonly address: HostAddress;
}

/** An optional address that could not be bound, and the errno that said why. */
export interface SkippedAddress {
  readonly address: HostAddress;
  readonly code: string;
}

export type BindOutcome<Handle> =
  | {
      readonly ok: true;
      readonly port: number;
      readonly bound: readonly Bound<Handle>[];
      readonly skipped: SkippedAddress | null;
    }
  | { readonly ok: false; readonly error: unknown };

/** What a protocol supplies to bind a host. */
export interface SocketBinder<Handle> {
  /** Bind one address; rejects with the OS error (and leaves nothing open) on failure. */
  bindOne(address: HostAddress, port: number): Promise<{ handle: Handle; port: number }>;
  /** Let go of sockets; resolves once they are closed. Never rejects. */
  release(handles: readonly Handle[]): Promise<void>;
}

/**
 * Bind every address of `host` on `port` (0: one the OS picks, the same on all of them). A
 * required address failing fails the whole bind (nothing stays bound). An optional one failing
 * (::1 for 'localhost') is reported in `skipped`, unless the port was "any", where a clash on
 * ::1 just means trying another port. Never rejects.
 */
export async function bindHost<Handle>(
  host: ListenHost,
  port: number,
  binder: SocketBinder<Handle>,
): Promise<BindOutcome<Handle>> {
  const addresses = addressesOf(host);
  for (let attempt = 1; ; attempt++) {
    const bound: Bound<Handle>[] = [];
    const release = () => binder.release(bound.map((b) => b.handle));
    let chosen = port;
    let skipped: SkippedAddress | null = null;
    let retry = false;
    for (const address of addresses) {
      try {
        const one = await binder.bindOne(address, chosen);
        bound.push({ handle: one.handle, address });
        chosen = one.port;
      } catch (error) {
        const code = errnoCode(error) ?? 'EUNKNOWN';
        if (!address.optional) {
          await release();
          return { ok: false, error };
        }
        if (port === 0 && code === 'EADDRINUSE' && attempt < ANY_PORT_ATTEMPTS) {
          retry = true;
          break;
        }
        skipped = { address, code };
      }
    }
    if (!retry) return { ok: true, port: chosen, bound, skipped };
    await release();
  }
}
