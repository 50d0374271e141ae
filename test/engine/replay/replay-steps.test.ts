// The replay plan read from a connection's chunk records: one step per captured client read, with
// its offset, length and time; turns where the other side answered in between, and how much it
// answered; a read cut by a cap ends the plan; edited writes take their original's time and turn.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ChunkTable } from '../../../engine/recording/chunk-table';
import { editedPlan, recordedPlan, type ReplayPlan } from '../../../engine/replay/replay-steps';

interface Read {
  readonly dir: 0 | 1;
  readonly at: number;
  readonly length: number;
  /** Bytes kept, when a cap cut the read. */
  readonly captured?: number;
}

function tableOf(reads: readonly Read[]): ChunkTable {
  const table = new ChunkTable();
  const offsets = [0, 0];
  for (const read of reads) {
    const offset = offsets[read.dir] ?? 0;
    table.push(read.dir, read.at, offset, read.length, read.captured ?? read.length);
    offsets[read.dir] = offset + read.length;
  }
  return table;
}

function steps(plan: ReplayPlan) {
  return Array.from({ length: plan.count }, (_, i) => ({
    offset: plan.offsets[i],
    length: plan.lengths[i],
    at: plan.times[i],
    startsTurn: plan.turnStarts[i] === 1,
    answer: plan.answers[i],
  }));
}

describe('replay plan', () => {
  it('makes one step per client read and marks the turns the other side took', () => {
    const plan = recordedPlan(
      tableOf([
        { dir: 0, at: 10, length: 5 },
        { dir: 0, at: 11, length: 7 },
        { dir: 1, at: 12, length: 100 },
        { dir: 1, at: 13, length: 20 },
        { dir: 0, at: 20, length: 3 },
        { dir: 1, at: 21, length: 9 },
      ]),
    );
    assert.deepEqual(steps(plan), [
      { offset: 0, length: 5, at: 10, startsTurn: false, answer: 0 },
      { offset: 5, length: 7, at: 11, startsTurn: false, answer: 120 },
      { offset: 12, length: 3, at: 20, startsTurn: true, answer: 9 },
    ]);
    assert.equal(plan.missingBytes, 0);
    assert.equal(plan.edited, null);
  });

  it('does not start a turn at the first write, even after the server spoke first', () => {
    const plan = recordedPlan(
      tableOf([
        { dir: 1, at: 1, length: 30 },
        { dir: 0, at: 2, length: 4 },
      ]),
    );
    assert.deepEqual(steps(plan), [{ offset: 0, length: 4, at: 2, startsTurn: false, answer: 0 }]);
  });

  it('sends the captured part of a cut read and counts the rest as missing', () => {
    const plan = recordedPlan(
      tableOf([
        { dir: 0, at: 1, length: 10 },
        { dir: 0, at: 2, length: 10, captured: 4 },
        { dir: 1, at: 3, length: 6 },
        { dir: 0, at: 4, length: 8, captured: 0 },
      ]),
    );
    assert.deepEqual(steps(plan), [
      { offset: 0, length: 10, at: 1, startsTurn: false, answer: 0 },
      { offset: 10, length: 4, at: 2, startsTurn: false, answer: 6 },
    ]);
    assert.equal(plan.missingBytes, 6 + 8);
  });

  it('has no steps for a connection whose client said nothing', () => {
    const plan = recordedPlan(tableOf([{ dir: 1, at: 1, length: 6 }]));
    assert.equal(plan.count, 0);
    assert.equal(recordedPlan(new ChunkTable()).count, 0);
  });

  it('gives edited writes their original step time and turn; extra writes follow the last', () => {
    const recorded = recordedPlan(
      tableOf([
        { dir: 0, at: 10, length: 5 },
        { dir: 1, at: 11, length: 50 },
        { dir: 0, at: 30, length: 5 },
      ]),
    );
    const writes = [Buffer.from('one'), Buffer.from('two!'), Buffer.from('three')];
    const plan = editedPlan(recorded, writes);
    assert.equal(plan.count, 3);
    assert.equal(plan.edited, writes);
    assert.deepEqual(steps(plan), [
      { offset: 0, length: 3, at: 10, startsTurn: false, answer: 50 },
      { offset: 0, length: 4, at: 30, startsTurn: true, answer: 0 },
      { offset: 0, length: 5, at: 30, startsTurn: false, answer: 0 },
    ]);
  });
});
