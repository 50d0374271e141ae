// The server side of a script, grouped into answers: each run of the recorded server's writes
// between two reads of the client, with how many client bytes came before it.

import type { MockScript } from './mock-script';

export interface MockAnswer {
  /** Client bytes the recorded server had received when it began this answer. */
  readonly after: number;
  /** Milliseconds after the recorded connection opened. */
  readonly at: number;
  /** The recorded writes, each sent as one write. */
  readonly writes: readonly Buffer[];
}

export function mockAnswers(script: MockScript): MockAnswer[] {
  const answers: MockAnswer[] = [];
  let received = 0;
  let current: { after: number; at: number; writes: Buffer[] } | null = null;
  for (const chunk of script.chunks) {
    if (chunk.direction === 'in') {
      received = chunk.end;
      current = null;
      continue;
    }
    if (current === null) {
      current = { after: received, at: chunk.at, writes: [] };
      answers.push(current);
    }
    current.writes.push(script.outBytes.subarray(chunk.start, chunk.end));
  }
  return answers;
}

/** UDP: each recorded datagram from the peer, with the datagrams the port sent after it. */
export interface MockExchange {
  readonly request: Buffer;
  readonly replies: readonly Buffer[];
}

export function mockExchanges(script: MockScript): MockExchange[] {
  const exchanges: { request: Buffer; replies: Buffer[] }[] = [];
  for (const chunk of script.chunks) {
    if (chunk.direction === 'in') {
      exchanges.push({ request: script.inBytes.subarray(chunk.start, chunk.end), replies: [] });
    } else {
      // A reply before any request (rare for UDP) has nothing to answer: left out.
      exchanges[exchanges.length - 1]?.replies.push(
        script.outBytes.subarray(chunk.start, chunk.end),
      );
    }
  }
  return exchanges;
}
