// What a replay sends, in order: the client side of a recorded connection as one step per
// recorded read (or per edited write), each knowing when it was sent and how much the other side
// answered before the client wrote again. Bytes are not loaded here: a step says where its bytes
// are, and the sender reads each one just before writing it, so a 256 MiB replay holds one step
// in memory at a time.

import type { Chunk } from '../../shared/model';
import type { CapturedConnection } from '../core/engine-types';

/** Bytes of the original's client side, or bytes the person typed instead. */
type StepBytes =
  | { readonly kind: 'recorded'; readonly offset: number; readonly length: number }
  | { readonly kind: 'edited'; readonly data: Uint8Array };

export interface ReplayStep {
  readonly bytes: StepBytes;
  /** When the original client sent it (ms); edited writes take their original's time. */
  readonly at: number;
  /**
   * Begins a turn: the original's other side answered since the previous write. With turn-taking
   * the replay waits for the target's answer to go quiet before sending it.
   */
  readonly startsTurn: boolean;
  /** Bytes the original's other side sent in answer to the turn this step ends, if it does. */
  readonly answerAfter: number;
}

export interface ReplayPlan {
  readonly steps: readonly ReplayStep[];
  /** Client bytes the original received but did not keep (a capture cap): they cannot be sent. */
  readonly missingBytes: number;
}

/** Recorded chunk records of a connection, both directions, in arrival order. */
export function allChunks(conn: CapturedConnection, pageSize = 5000): Chunk[] {
  const chunks: Chunk[] = [];
  for (let from = 0; from < conn.recorder.chunkCount; from += pageSize) {
    chunks.push(...conn.recorder.readChunks(from, pageSize));
  }
  return chunks;
}

/**
 * The steps of a recorded conversation. Only captured bytes can be sent: a read cut by a cap
 * sends its captured part and ends the plan (what came after was never kept).
 */
export function recordedPlan(chunks: readonly Chunk[]): ReplayPlan {
  const steps: ReplayStep[] = [];
  let missingBytes = 0;
  let answered = 0;
  let cut = false;
  const closeTurn = () => {
    const last = steps[steps.length - 1];
    if (last !== undefined && answered > 0)
      steps[steps.length - 1] = { ...last, answerAfter: answered };
  };
  for (const chunk of chunks) {
    if (chunk.direction === 'out') {
      answered += chunk.length;
      continue;
    }
    if (cut) {
      missingBytes += chunk.length;
      continue;
    }
    const startsTurn = answered > 0;
    closeTurn();
    answered = 0;
    if (chunk.captured > 0) {
      steps.push({
        bytes: { kind: 'recorded', offset: chunk.offset, length: chunk.captured },
        at: chunk.at,
        startsTurn: startsTurn && steps.length > 0,
        answerAfter: 0,
      });
    }
    if (chunk.captured < chunk.length) {
      missingBytes += chunk.length - chunk.captured;
      cut = true;
    }
  }
  closeTurn();
  return { steps, missingBytes };
}

/**
 * The same conversation with the person's bytes: edited write i replaces recorded write i and
 * keeps its time and turn; writes beyond the recorded ones follow the last at once.
 */
export function editedPlan(recorded: ReplayPlan, writes: readonly Uint8Array[]): ReplayPlan {
  const steps = writes.map((data, i): ReplayStep => {
    const original = recorded.steps[i] ?? recorded.steps[recorded.steps.length - 1];
    return {
      bytes: { kind: 'edited', data },
      at: original?.at ?? 0,
      startsTurn: i < recorded.steps.length ? (original?.startsTurn ?? false) : false,
      answerAfter: i < recorded.steps.length ? (original?.answerAfter ?? 0) : 0,
    };
  });
  return { steps, missingBytes: 0 };
}
