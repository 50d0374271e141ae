// Whether the engine is reachable. The WebSocket bridge reports transitions; the app uses them
// to show a banner and to re-list listeners and connections after a reconnect (events that
// happened while disconnected were never delivered, so only a full re-list is correct).

/** 'signed-out': a browser tab with no session (no link, or a spent one); a new link helps. */
export type BridgeStatus = 'connecting' | 'open' | 'closed' | 'signed-out';

type BridgeStatusListener = (status: BridgeStatus) => void;

export interface BridgeStatusSource {
  get(): BridgeStatus;
  /** Called on every change; call get() first for the current value. */
  subscribe(listener: BridgeStatusListener): () => void;
}

export interface BridgeStatusEmitter extends BridgeStatusSource {
  set(status: BridgeStatus): void;
}

export function createStatusEmitter(initial: BridgeStatus): BridgeStatusEmitter {
  let current = initial;
  const listeners = new Set<BridgeStatusListener>();
  return {
    get: () => current,
    set(status) {
      if (status === current) return;
      current = status;
      for (const listener of [...listeners]) {
        try {
          listener(status);
        } catch (error) {
          console.error('Porthole: bridge status listener failed', error);
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
