// The engine's compare answers as the view shows them: excerpts arrive as bytes (base64) and
// are shown as escaped text in a text diff, as hex in a byte diff — never as markup.
import type { CompareChange, CompareFirst } from '../../../../shared/compare/compare-page';
import { bytesToEscapedText, bytesToHex } from '../../components/payload-field/payload-convert';
import { decodeBase64 } from '../../lib/base64';

/** One change as the view shows it: where, how big, and a short excerpt of each side. */
export interface ShownHunk {
  readonly kind: 'insert' | 'delete' | 'replace';
  readonly aStart: number;
  readonly aLength: number;
  readonly bLength: number;
  /** 1-based line numbers in a text diff; null in a byte diff. */
  readonly aLine: number | null;
  readonly bLine: number | null;
  readonly aText: string;
  readonly bText: string;
  /** Either side is longer than its excerpt. */
  readonly cut: boolean;
}

export interface FirstShown {
  readonly offset: number;
  readonly aText: string;
  readonly bText: string;
}

export function shownChange(c: CompareChange): ShownHunk {
  const format = c.lines !== null ? bytesToEscapedText : bytesToHex;
  const a = decodeBase64(c.aBytes);
  const b = decodeBase64(c.bBytes);
  const aLength = c.a.end - c.a.start;
  const bLength = c.b.end - c.b.start;
  return {
    kind: c.kind,
    aStart: c.a.start,
    aLength,
    bLength,
    aLine: c.lines === null ? null : c.lines.a.start + 1,
    bLine: c.lines === null ? null : c.lines.b.start + 1,
    aText: format(a),
    bText: format(b),
    cut: a.length < aLength || b.length < bLength,
  };
}

export function shownFirst(first: CompareFirst): FirstShown {
  return {
    offset: first.offset,
    aText: bytesToEscapedText(decodeBase64(first.a)),
    bText: bytesToEscapedText(decodeBase64(first.b)),
  };
}
