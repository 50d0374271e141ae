// The decode worker: protocol decoding, JSON pretty-printing, text escaping and base64 for
// images and compressed bodies all happen here, so the UI thread only renders results.
import { decodeConversation } from '../../../shared/decoders/decode-conversation';
import type { DecodedConversation } from '../../../shared/decoders/types';
import { encodeBase64 } from '../features/payload/decoded/base64-encode';
import { formatBody } from '../features/payload/decoded/body-format';
import type {
  BodyView,
  WorkerRequest,
  WorkerResponse,
} from '../features/payload/decoded/worker-protocol';

/** The part of DedicatedWorkerGlobalScope used here (the renderer's lib is DOM, not WebWorker). */
interface WorkerScope {
  onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null;
  postMessage(message: WorkerResponse, transfer: Transferable[]): void;
}

const scope = self as unknown as WorkerScope;

function bodyViews(conversation: DecodedConversation): (BodyView | null)[] {
  return conversation.messages.map((message) => {
    const body = message.body;
    if (!body) return null;
    // Encoded bodies are formatted after the engine has decompressed them.
    if (body.contentEncoding && body.contentEncoding !== 'identity') {
      return { formatted: null, base64: encodeBase64(body.bytes) };
    }
    return { formatted: formatBody(body.bytes, body.contentType), base64: null };
  });
}

/** Every distinct buffer under the bodies, so they move back instead of being copied. */
function buffersOf(conversation: DecodedConversation): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const message of conversation.messages) {
    const buffer = message.body?.bytes.buffer;
    if (buffer instanceof ArrayBuffer) buffers.add(buffer);
  }
  return [...buffers];
}

scope.onmessage = (event) => {
  const request = event.data;
  try {
    if (request.type === 'format') {
      const formatted = formatBody(request.bytes, request.contentType);
      scope.postMessage({ type: 'formatted', id: request.id, formatted }, []);
      return;
    }
    const started = performance.now();
    const conversation = decodeConversation(request.decoder, request.bytes);
    const bodies = bodyViews(conversation);
    const ms = performance.now() - started;
    scope.postMessage(
      { type: 'decoded', id: request.id, conversation, bodies, ms },
      buffersOf(conversation),
    );
  } catch (error) {
    // Decoders do not throw by contract; this is the net under a bug, shown to the user.
    const message = error instanceof Error ? error.message : String(error);
    scope.postMessage({ type: 'failed', id: request.id, message }, []);
  }
};
