// The user's DOM selection → bytes. Spans that show bytes carry data-dir, data-off and data-map
// (see char-to-byte.ts); only those under `root` that the selection touches count.
import type { Direction } from '../../../../../shared/model';
import { combinePieces, type ByteSelection, type SelectionPiece } from './byte-range';
import { byteOffsetIn, spanBytes, type SpanMap } from './char-to-byte';

/** Characters of `el`'s text before the caret (node, offset). */
function caretIndex(el: HTMLElement, node: Node, offset: number): number {
  const range = document.createRange();
  range.selectNodeContents(el);
  range.setEnd(node, offset);
  return range.toString().length;
}

function columnOf(map: SpanMap): string {
  if (map === 'h0' || map === 'h1') return 'hex';
  return map === 'a' ? 'ascii' : 'text';
}

export function selectionBytes(
  root: HTMLElement,
  selection: Selection | null,
): ByteSelection | null {
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
  const range = selection.getRangeAt(0);
  if (!range.intersectsNode(root)) return null;
  const pieces: SelectionPiece[] = [];
  for (const el of root.querySelectorAll<HTMLElement>('[data-off][data-map]')) {
    if (!range.intersectsNode(el)) continue;
    const map = el.dataset.map as SpanMap;
    const offset = Number(el.dataset.off);
    const direction = el.dataset.dir as Direction;
    const text = el.textContent;
    let start = 0;
    let end = spanBytes(map, text);
    if (el.contains(range.startContainer)) {
      start = byteOffsetIn(
        map,
        text,
        caretIndex(el, range.startContainer, range.startOffset),
        'start',
      );
    }
    if (el.contains(range.endContainer)) {
      end = byteOffsetIn(map, text, caretIndex(el, range.endContainer, range.endOffset), 'end');
    }
    if (end > start) {
      pieces.push({ direction, start: offset + start, end: offset + end, column: columnOf(map) });
    }
  }
  return combinePieces(pieces);
}
