// The compare worker thread: diffs each direction as its bytes arrive and posts the changes as
// it settles them (with excerpts cut here, so the bytes never travel back), then compares the
// two conversations message by message. Its own thread: the engine's event loop, which is
// capturing, never waits for a diff.

import { parentPort, workerData } from 'node:worker_threads';
import {
  CHANGE_EXCERPT_BYTES,
  MAX_LISTED_CHANGES,
  type CompareChange,
} from '../../shared/compare/compare-page';
import { compareConnections } from '../../shared/compare/compare-conversations';
import { DiffRun } from '../../shared/compare/diff';
import type { Hunk } from '../../shared/compare/hunk';
import type { Direction } from '../../shared/model';
import { shownMessages } from './shown-messages';
import type { CompareWorkerData, FromWorker, ToWorker } from './worker-protocol';

/** How often progress is posted while a diff runs: the view's counts move at about this rate. */
const POST_EVERY_MS = 30;
const PAGE = 4096;

const port = parentPort;
const { decoder } = workerData as CompareWorkerData;
const post = (message: FromWorker) => port?.postMessage(message);

function base64(bytes: Uint8Array, start: number, end: number): string {
  const length = Math.min(end - start, CHANGE_EXCERPT_BYTES);
  return Buffer.from(bytes.buffer, bytes.byteOffset + start, length).toString('base64');
}

function change(h: Hunk, a: Uint8Array, b: Uint8Array): CompareChange {
  return {
    kind: h.kind === 'equal' ? 'replace' : h.kind,
    a: h.a,
    b: h.b,
    lines: h.lines,
    aBytes: base64(a, h.a.start, h.a.end),
    bBytes: base64(b, h.b.start, h.b.end),
  };
}

function diffDirection(direction: Direction, a: Uint8Array, b: Uint8Array): void {
  const run = new DiffRun(a, b);
  let listed = 0;
  for (;;) {
    const started = performance.now();
    const changes: CompareChange[] = [];
    while (!run.done && performance.now() - started < POST_EVERY_MS) {
      for (const hunk of run.take(16)) {
        if (listed >= MAX_LISTED_CHANGES) continue;
        changes.push(change(hunk, a, b));
        listed++;
      }
    }
    const { stats, granularity, approximate } = run.summary();
    post({ type: 'changes', direction, changes, stats, granularity, approximate, done: run.done });
    if (run.done) return;
  }
}

const memory = new Map<Direction, { a: SharedArrayBuffer; b: SharedArrayBuffer }>();
const received = new Map<Direction, { a: Uint8Array; b: Uint8Array }>();

/** Writes a byte per page: the page faults happen here, not on the engine's thread. */
function faultIn(buffer: SharedArrayBuffer): void {
  const bytes = new Uint8Array(buffer);
  for (let i = 0; i < bytes.length; i += PAGE) bytes[i] = 0;
}

function compareMessages(): void {
  const inbound = received.get('in');
  const outbound = received.get('out');
  if (inbound === undefined || outbound === undefined) return;
  if (decoder === null) return post({ type: 'messages', messages: null });
  const comparison = compareConnections(
    decoder,
    { in: inbound.a, out: outbound.a, order: [] },
    { in: inbound.b, out: outbound.b, order: [] },
  );
  post({ type: 'messages', messages: shownMessages(decoder, comparison) });
}

port?.on('message', (message: ToWorker) => {
  try {
    const { direction } = message;
    if (message.type === 'prepare') {
      faultIn(message.a);
      faultIn(message.b);
      memory.set(direction, { a: message.a, b: message.b });
      return post({ type: 'prepared', direction });
    }
    const shared = memory.get(direction);
    if (shared === undefined) throw new Error(`no memory for ${direction}`);
    const a = new Uint8Array(shared.a, 0, message.aLength);
    const b = new Uint8Array(shared.b, 0, message.bLength);
    received.set(direction, { a, b });
    diffDirection(direction, a, b);
    compareMessages();
  } catch (error) {
    post({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  }
});
