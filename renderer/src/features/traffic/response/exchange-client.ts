// The page's exchange-timing worker, started on first use: it decodes a conversation and pairs
// requests with responses off the UI thread (a few MiB of pipelined Redis would otherwise be a
// long task), and sends back only the timings.
import type { ConversationBytes } from '../../../../../shared/decoders/types';
import type { ExchangeTiming, TimedProtocol } from './exchange-timing';

export interface TimingRequest {
  readonly id: number;
  readonly protocol: TimedProtocol;
  readonly bytes: ConversationBytes;
}

export type TimingResponse =
  | { readonly id: number; readonly ok: true; readonly timings: ExchangeTiming[] }
  | { readonly id: number; readonly ok: false; readonly message: string };

let worker: Worker | null = null;
let nextId = 1;
const pending = new Map<number, (response: TimingResponse) => void>();

function getWorker(): Worker {
  if (worker) return worker;
  const started = new Worker(new URL('../../../workers/exchange-worker.ts', import.meta.url), {
    type: 'module',
    name: 'porthole-exchange-timing',
  });
  started.onmessage = (event: MessageEvent<TimingResponse>) => {
    const resolve = pending.get(event.data.id);
    pending.delete(event.data.id);
    resolve?.(event.data);
  };
  started.onerror = (event) => {
    event.preventDefault();
    for (const [id, resolve] of pending) {
      resolve({ id, ok: false, message: event.message || 'The timing worker failed.' });
    }
    pending.clear();
    started.terminate();
    worker = null;
  };
  worker = started;
  return started;
}

/** Time a conversation's exchanges; the byte arrays' buffers are transferred. */
export function timeExchanges(
  protocol: TimedProtocol,
  bytes: ConversationBytes,
): Promise<TimingResponse> {
  const id = nextId++;
  const transfer = [bytes.in.buffer, bytes.out.buffer].filter(
    (b, i, all): b is ArrayBuffer => b instanceof ArrayBuffer && all.indexOf(b) === i,
  );
  return new Promise((resolve) => {
    pending.set(id, resolve);
    getWorker().postMessage({ id, protocol, bytes } satisfies TimingRequest, transfer);
  });
}
