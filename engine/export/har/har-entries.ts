// One connection's HTTP/1.x exchanges as HAR entries: the decoder pairs requests with responses
// in order (keep-alive and pipelining alike), the chunk records give the timings. A request whose
// response never came (a reset, the capture stopped) is still an entry, with status 0.

import { clientDescription } from '../../../shared/client-process';
import type { ConnectionInfo } from '../../../shared/model';
import { decodeHttp } from '../../../shared/decoders/http';
import type { ByteRange, DecodedMessage } from '../../../shared/decoders/types';
import type { PcapngSource } from '../pcapng/flow';
import { harRequest, harResponse } from './har-message';
import type { HarEntry, HarResponse, HarTimings } from './har-types';
import { arrivalOf, readConversation, type Conversation } from './read-conversation';

/** Detected protocols whose connections are read to look for HTTP/1.x (others are skipped). */
const MAYBE_HTTP = new Set<string | null>(['http', 'websocket', 'text', null]);

export function mayHoldHttp(info: ConnectionInfo): boolean {
  return info.protocol === 'tcp' && info.in.received > 0 && MAYBE_HTTP.has(info.detected.in);
}

function noResponse(info: ConnectionInfo): HarResponse {
  return {
    status: 0,
    statusText: '',
    httpVersion: '',
    cookies: [],
    headers: [],
    content: { size: 0, mimeType: '' },
    redirectURL: '',
    headersSize: -1,
    bodySize: -1,
    comment: `No response: the connection ended (${info.endReason ?? 'still open'}) first.`,
  };
}

/** First and last byte arrival of a message's range, when the chunk records cover them. */
function span(conversation: Conversation, range: ByteRange): [number, number] | null {
  const index = conversation.arrivals[range.direction];
  const first = arrivalOf(index, range.offset);
  const last = arrivalOf(index, range.offset + Math.max(0, range.length - 1));
  return first === null || last === null ? null : [first, last];
}

/** HAR wants each timing ≥ 0, or -1 when not known. */
function timingsOf(request: [number, number] | null, response: [number, number] | null) {
  const timings: HarTimings = {
    send: request === null ? -1 : request[1] - request[0],
    // A pipelined response can begin before a later request ends: no wait then, not a negative one.
    wait: request === null || response === null ? -1 : Math.max(0, response[0] - request[1]),
    receive: response === null ? -1 : response[1] - response[0],
  };
  const time = [timings.send, timings.wait, timings.receive].reduce((t, v) => t + Math.max(0, v));
  return { timings, time: Math.max(0, time) };
}

export async function* connectionEntries(
  source: PcapngSource,
  info: ConnectionInfo,
): AsyncGenerator<HarEntry> {
  const conversation = await readConversation(source, info.id, {
    in: info.in.received,
    out: info.out.received,
  });
  const { bytes } = conversation;
  const decoded = decodeHttp(bytes);
  const requests: DecodedMessage[] = [];
  const finals = new Map<number, DecodedMessage>();
  for (const m of decoded.messages) {
    if (m.kind === 'request') requests.push(m);
    // Interim (1xx) responses share the exchange: the last one decoded is the final answer.
    else if (m.exchange !== null) finals.set(m.exchange, m);
  }
  for (const message of requests) {
    const request = await harRequest(bytes.in, message, info);
    if (request === null) continue;
    const answer = message.exchange === null ? undefined : finals.get(message.exchange);
    const response = answer === undefined ? null : await harResponse(bytes.out, answer);
    const requestSpan = span(conversation, message.range);
    const { timings, time } = timingsOf(
      requestSpan,
      answer === undefined ? null : span(conversation, answer.range),
    );
    yield {
      startedDateTime: new Date(requestSpan?.[0] ?? info.openedAt).toISOString(),
      time,
      request,
      response: response ?? noResponse(info),
      cache: {},
      timings,
      _connection: info.id,
      ...(info.client === null ? {} : { comment: `client: ${clientDescription(info.client)}` }),
    };
  }
}
