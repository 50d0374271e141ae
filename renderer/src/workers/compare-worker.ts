// The compare worker: first difference, the diff (in slices, so the first changes are on screen
// while the rest is worked out) and the message-by-message comparison, off the UI thread.
import { compareConnections } from '../../../shared/compare/compare-conversations';
import { DiffRun } from '../../../shared/compare/diff';
import { firstDifference } from '../../../shared/compare/first-difference';
import type { Hunk } from '../../../shared/compare/hunk';
import type { Direction } from '../../../shared/model';
import { bytesToEscapedText, bytesToHex } from '../components/payload-field/payload-convert';
import {
  MAX_SHOWN_HUNKS,
  type CompareRequest,
  type CompareResponse,
  type ShownHunk,
} from '../features/compare/compare-protocol';

interface WorkerScope {
  onmessage: ((event: MessageEvent<CompareRequest>) => void) | null;
  postMessage(message: CompareResponse): void;
}

const scope = self as unknown as WorkerScope;
/** Bytes of each side shown per change; the counts say how much there is. */
const EXCERPT = 512;
const SLICE_MS = 40;

function excerpt(bytes: Uint8Array, start: number, end: number, lines: boolean): [string, boolean] {
  const cut = end - start > EXCERPT;
  const part = bytes.subarray(start, Math.min(end, start + EXCERPT));
  return [lines ? bytesToEscapedText(part) : bytesToHex(part), cut];
}

function shown(h: Hunk, a: Uint8Array, b: Uint8Array): ShownHunk {
  const lines = h.lines !== null;
  const [aText, aCut] = excerpt(a, h.a.start, h.a.end, lines);
  const [bText, bCut] = excerpt(b, h.b.start, h.b.end, lines);
  return {
    kind: h.kind === 'equal' ? 'replace' : h.kind,
    aStart: h.a.start,
    aLength: h.a.end - h.a.start,
    bStart: h.b.start,
    bLength: h.b.end - h.b.start,
    aLine: h.lines === null ? null : h.lines.a.start + 1,
    bLine: h.lines === null ? null : h.lines.b.start + 1,
    aText,
    bText,
    cut: aCut || bCut,
  };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

async function compareDirection(direction: Direction, a: Uint8Array, b: Uint8Array) {
  const first = firstDifference(a, b, 24);
  scope.postMessage({
    type: 'first',
    direction,
    first:
      first === null
        ? null
        : {
            offset: first.offset,
            aText: bytesToEscapedText(first.context.a),
            bText: bytesToEscapedText(first.context.b),
          },
  });
  const run = new DiffRun(a, b);
  let kept = 0;
  for (;;) {
    const started = performance.now();
    const batch: ShownHunk[] = [];
    while (!run.done && performance.now() - started < SLICE_MS) {
      for (const hunk of run.take(16)) {
        if (hunk.kind === 'equal' || kept >= MAX_SHOWN_HUNKS) continue;
        batch.push(shown(hunk, a, b));
        kept++;
      }
    }
    const summary = run.summary();
    scope.postMessage({
      type: 'hunks',
      direction,
      hunks: batch,
      stats: summary.stats,
      granularity: summary.granularity,
      approximate: summary.approximate,
      done: run.done,
    });
    if (run.done) return;
    await tick();
  }
}

scope.onmessage = (event) => {
  const { a, b, decoder } = event.data;
  void (async () => {
    try {
      await compareDirection('in', a.in, b.in);
      await compareDirection('out', a.out, b.out);
      if (decoder !== null) {
        const comparison = compareConnections(
          decoder,
          { in: a.in, out: a.out, order: [] },
          { in: b.in, out: b.out, order: [] },
        );
        scope.postMessage({ type: 'messages', comparison });
      }
    } catch (error) {
      scope.postMessage({
        type: 'error',
        message: error instanceof Error ? error.message : String(error),
      });
    }
  })();
};
