// The exchange-timing worker: decodes a request/response conversation and pairs its requests
// with their responses (features/traffic/response), answering with timings only.
import { decodeConversation } from '../../../shared/decoders/decode-conversation';
import { exchangeTimings } from '../features/traffic/response/exchange-timing';
import type { TimingRequest, TimingResponse } from '../features/traffic/response/exchange-client';

/** The part of DedicatedWorkerGlobalScope used here (the renderer's lib is DOM, not WebWorker). */
interface WorkerScope {
  onmessage: ((event: MessageEvent<TimingRequest>) => void) | null;
  postMessage(message: TimingResponse): void;
}

const scope = self as unknown as WorkerScope;

scope.onmessage = (event) => {
  const { id, protocol, bytes } = event.data;
  try {
    const conversation = decodeConversation(protocol, bytes);
    scope.postMessage({
      id,
      ok: true,
      timings: exchangeTimings(protocol, conversation.messages, bytes.order),
    });
  } catch (error) {
    scope.postMessage({
      id,
      ok: false,
      message: error instanceof Error ? error.message : String(error),
    });
  }
};
