// What a replay sends, in order: the client side of a recorded connection as one step per
// recorded read (or per edited write), each knowing when it was sent and how much the other side
// answered before the client wrote again. Bytes are not loaded here: a step says where its bytes
// are, and the sender reads each one just before writing it, so a 256 MiB replay holds one step
// in memory at a time.
//
// Steps are columns of typed arrays, not an object each: a 256 MiB recording is ~4,000 reads,
// and the pacer walks them with an index. Objects per step (and a closure per plan) cost more
// than the walk itself, and their changing shapes threw the pacer's optimised code away on
// every replay, so each one ran mostly unoptimised.

import type { ChunkRecords } from '../recording/chunk-table';

export interface ReplayPlan {
  /** How many writes the replay makes. */
  readonly count: number;
  /** Where step i's recorded bytes start in the original's client stream. */
  readonly offsets: Float64Array;
  /** How many bytes step i sends. */
  readonly lengths: Float64Array;
  /** When the original client sent step i (ms); edited writes take their original's time. */
  readonly times: Float64Array;
  /**
   * 1 where step i begins a turn: the original's other side answered since the previous write.
   * With turn-taking the replay waits for the target's answer to go quiet before sending it.
   */
  readonly turnStarts: Uint8Array;
  /** Bytes the original's other side sent in answer to the turn step i ends, if it does. */
  readonly answers: Float64Array;
  /** The bytes the person typed, one per step, sent instead of recorded ones; else null. */
  readonly edited: readonly Uint8Array[] | null;
  /** Client bytes the original received but did not keep (a capture cap): they cannot be sent. */
  readonly missingBytes: number;
}

function emptyColumns(count: number) {
  return {
    offsets: new Float64Array(count),
    lengths: new Float64Array(count),
    times: new Float64Array(count),
    turnStarts: new Uint8Array(count),
    answers: new Float64Array(count),
  };
}

/**
 * The steps of a recorded conversation. Only captured bytes can be sent: a read cut by a cap
 * sends its captured part and ends the plan (what came after was never kept).
 */
export function recordedPlan(records: ChunkRecords): ReplayPlan {
  // At most one step per record; the columns are cut to the steps there are.
  const columns = emptyColumns(records.length);
  const { offsets, lengths, times, turnStarts, answers } = columns;
  let count = 0;
  let missingBytes = 0;
  let answered = 0;
  let cut = false;
  for (let i = 0; i < records.length; i++) {
    const length = records.lengthAt(i);
    if (records.directionAt(i) === 1) {
      answered += length;
      continue;
    }
    if (cut) {
      missingBytes += length;
      continue;
    }
    // The other side answered since the client's previous write: that write ended a turn.
    if (answered > 0 && count > 0) answers[count - 1] = answered;
    const startsTurn = answered > 0 && count > 0;
    answered = 0;
    const captured = records.capturedAt(i);
    if (captured > 0) {
      offsets[count] = records.offsetAt(i);
      lengths[count] = captured;
      times[count] = records.timeAt(i);
      turnStarts[count] = startsTurn ? 1 : 0;
      count++;
    }
    if (captured < length) {
      missingBytes += length - captured;
      cut = true;
    }
  }
  if (answered > 0 && count > 0) answers[count - 1] = answered;
  // Copies, not views: the replay keeps its plan while it stays in history, and a view would
  // keep columns sized for every record (a download's thousands of answers) behind a few steps.
  return {
    count,
    offsets: offsets.slice(0, count),
    lengths: lengths.slice(0, count),
    times: times.slice(0, count),
    turnStarts: turnStarts.slice(0, count),
    answers: answers.slice(0, count),
    edited: null,
    missingBytes,
  };
}

/**
 * The same conversation with the person's bytes: edited write i replaces recorded write i and
 * keeps its time and turn; writes beyond the recorded ones follow the last at once.
 */
export function editedPlan(recorded: ReplayPlan, writes: readonly Uint8Array[]): ReplayPlan {
  const columns = emptyColumns(writes.length);
  const last = recorded.count - 1;
  writes.forEach((data, i) => {
    columns.lengths[i] = data.byteLength;
    columns.times[i] = recorded.times[Math.min(i, last)] ?? 0;
    if (i <= last) {
      columns.turnStarts[i] = recorded.turnStarts[i] ?? 0;
      columns.answers[i] = recorded.answers[i] ?? 0;
    }
  });
  return { count: writes.length, ...columns, edited: writes, missingBytes: 0 };
}
