// Drives the compare commands as the Compare view does: start a job, then page through each
// direction until the engine says nothing more will come.

import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { once } from 'node:events';
import type { CompareChange, ComparePage } from '../../shared/compare/compare-page';
import type { Hunk } from '../../shared/compare/hunk';
import type { CommandArgs } from '../../shared/contract';
import type { ConnectionInfo, Direction } from '../../shared/model';
import type { Harness } from './engine-harness';
import { within } from './within';

export interface ComparedDirection {
  /** The last page, with every change listed gathered into `changes`. */
  readonly last: ComparePage;
  readonly changes: readonly CompareChange[];
  /** Milliseconds from compareConnections until the first difference was known. */
  readonly firstMs: number;
}

/** Pages one direction of `job` to the end. */
async function readDirection(
  h: Harness,
  job: string,
  direction: Direction,
  startedAt: number,
): Promise<ComparedDirection> {
  const changes: CompareChange[] = [];
  let seen: number | undefined;
  let firstMs = -1;
  for (;;) {
    const page = await h.must('compareChanges', { job, direction, from: changes.length, seen });
    if (page.firstKnown && firstMs < 0) firstMs = performance.now() - startedAt;
    changes.push(...page.changes);
    seen = page.version;
    if (page.complete && changes.length === page.listed) return { last: page, changes, firstMs };
  }
}

export async function compareAll(
  h: Harness,
  args: CommandArgs<'compareConnections'>,
): Promise<{ job: string; cut: boolean; in: ComparedDirection; out: ComparedDirection }> {
  const startedAt = performance.now();
  const { job, cut } = await h.must('compareConnections', args);
  const [inbound, outbound] = await within(
    Promise.all([readDirection(h, job, 'in', startedAt), readDirection(h, job, 'out', startedAt)]),
    `compare job ${job}`,
    60_000,
  );
  return { job, cut, in: inbound, out: outbound };
}

/** The changes as the diff's hunks, for checkScript. */
export function asHunks(changes: readonly CompareChange[]): Hunk[] {
  return changes.map((c) => ({ kind: c.kind, a: c.a, b: c.b, lines: c.lines }));
}

/** Sends `body` as one client connection to `port` and waits until the engine has it all. */
export async function recordClient(h: Harness, port: number, body: Buffer): Promise<number> {
  const before = (await h.must('getStats', {})).connectionsTotal;
  const socket = connect({ host: '127.0.0.1', port });
  await once(socket, 'connect');
  socket.end(body);
  await once(socket, 'close');
  const id = before + 1;
  const done = (c: ConnectionInfo) => c.state === 'closed' && c.in.captured === body.length;
  await h.waitForConnection(id, done, `#${id} with ${body.length} bytes`);
  assert.ok(id > 0);
  return id;
}
