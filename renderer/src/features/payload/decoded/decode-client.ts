// The page's one decode worker, started on first use. Requests are tagged with ids and answered
// through promises; callers drop answers they no longer want (see decoded-loader.ts).
import type { ConversationBytes, DecoderName } from '../../../../../shared/decoders/types';
import type { FormattedBody } from './body-format';
import type { DecodeResponse, WorkerRequest, WorkerResponse } from './worker-protocol';

let worker: Worker | null = null;
let nextId = 1;
const pending = new Map<number, (response: WorkerResponse) => void>();

function failAll(message: string): void {
  for (const [id, resolve] of pending) resolve({ type: 'failed', id, message });
  pending.clear();
}

function getWorker(): Worker {
  if (worker) return worker;
  const started = new Worker(new URL('../../../workers/decode-worker.ts', import.meta.url), {
    type: 'module',
    name: 'porthole-decode',
  });
  started.onmessage = (event: MessageEvent<WorkerResponse>) => {
    const resolve = pending.get(event.data.id);
    pending.delete(event.data.id);
    resolve?.(event.data);
  };
  started.onerror = (event) => {
    event.preventDefault();
    failAll(event.message || 'The decode worker failed to start.');
    // A fresh worker next time: a script that failed to load stays failed.
    started.terminate();
    worker = null;
  };
  worker = started;
  return started;
}

function post(request: WorkerRequest, transfer: Transferable[]): Promise<WorkerResponse> {
  return new Promise((resolve) => {
    pending.set(request.id, resolve);
    getWorker().postMessage(request, transfer);
  });
}

export type DecodeOutcome = DecodeResponse | { readonly type: 'failed'; readonly message: string };

/** Decode a conversation; the byte arrays' buffers are transferred (unusable afterwards). */
export async function decodeInWorker(
  decoder: DecoderName,
  bytes: ConversationBytes,
): Promise<DecodeOutcome> {
  const id = nextId++;
  const transfer = [bytes.in.buffer, bytes.out.buffer].filter(
    (b, i, all): b is ArrayBuffer => b instanceof ArrayBuffer && all.indexOf(b) === i,
  );
  const response = await post({ type: 'decode', id, decoder, bytes }, transfer);
  if (response.type === 'decoded' || response.type === 'failed') return response;
  return { type: 'failed', message: 'Unexpected answer from the decode worker.' };
}

export async function formatInWorker(
  bytes: Uint8Array,
  contentType: string | null,
): Promise<FormattedBody | string> {
  const id = nextId++;
  const response = await post({ type: 'format', id, bytes, contentType }, []);
  if (response.type === 'formatted') return response.formatted;
  return response.type === 'failed' ? response.message : 'Unexpected answer.';
}
