// One line a person reads for each result of a compare. Kept apart from the results so the UI
// can lay them out its own way (tables, colours) and still have words for lists and screen
// readers. Values are already short display text (see the decoders' and json-diff's limits).

import { plural } from '../decoders/text';
import type { FirstDifference } from './first-difference';
import type { Hunk } from './hunk';
import type { Difference, MessagePair } from './message-types';

const quoted = (values: readonly string[]) => values.map((v) => JSON.stringify(v)).join(', ');

export function describeDifference(d: Difference): string {
  switch (d.kind) {
    case 'start-line':
      return `start line: ${d.a} → ${d.b}`;
    case 'header': {
      const repeated = d.repeated ? ' (repeated)' : '';
      if (d.change === 'added') return `header ${d.name} added: ${quoted(d.b)}${repeated}`;
      if (d.change === 'removed') return `header ${d.name} removed: ${quoted(d.a)}${repeated}`;
      return `header ${d.name}: ${quoted(d.a)} → ${quoted(d.b)}${repeated}`;
    }
    case 'json':
      if (d.change === 'added') return `${d.path} added: ${d.b ?? ''}`;
      if (d.change === 'removed') return `${d.path} removed: ${d.a ?? ''}`;
      return `${d.path}: ${d.a ?? ''} → ${d.b ?? ''}`;
    case 'body':
      if (d.change === 'added') return `body added (${plural(d.bLength, 'byte')})`;
      if (d.change === 'removed') return `body removed (${plural(d.aLength, 'byte')})`;
      return `body differs at byte ${d.at ?? 0} (${d.aLength} → ${plural(d.bLength, 'byte')})${d.sameJson ? ', same JSON value' : ''}`;
    case 'argument': {
      const what = d.index === 0 ? 'command' : `argument ${d.index}`;
      if (d.change === 'added') return `${what} added: ${d.b ?? ''}`;
      if (d.change === 'removed') return `${what} removed: ${d.a ?? ''}`;
      return `${what}: ${d.a ?? ''} → ${d.b ?? ''}`;
    }
    case 'reply':
      return `reply: ${d.a} → ${d.b}`;
    case 'title':
      return `${d.a} → ${d.b}`;
    case 'field':
      if (d.change === 'added') return `${d.name} added: ${d.b ?? ''}`;
      if (d.change === 'removed') return `${d.name} removed: ${d.a ?? ''}`;
      return `${d.name}: ${d.a ?? ''} → ${d.b ?? ''}`;
    case 'raw':
      return `same when decoded; bytes differ at byte ${d.at} (${d.aLength} → ${plural(d.bLength, 'byte')})`;
    case 'omitted':
      return `${plural(d.count, 'more difference')} not listed`;
  }
}

export function describePair(p: MessagePair): string {
  switch (p.kind) {
    case 'same':
      return `same: ${p.a.title}`;
    case 'changed':
      return `changed: ${p.a.title} (${plural(p.differences.length, 'difference')})`;
    case 'only-a':
      return `only in A: ${p.a.title}`;
    case 'only-b':
      return `only in B: ${p.b.title}`;
  }
}

export function describeHunk(h: Hunk): string {
  const bytes = (n: number) => plural(n, 'byte');
  const la = h.a.end - h.a.start;
  const lb = h.b.end - h.b.start;
  const where = h.lines ? `line ${h.lines.a.start + 1}` : `byte ${h.a.start}`;
  switch (h.kind) {
    case 'equal':
      return `${bytes(la)} the same at ${where}`;
    case 'insert':
      return `${bytes(lb)} inserted at ${where}`;
    case 'delete':
      return `${bytes(la)} deleted at ${where}`;
    case 'replace':
      return `${bytes(la)} replaced by ${bytes(lb)} at ${where}`;
  }
}

export function describeFirstDifference(d: FirstDifference | null): string {
  return d === null ? 'identical' : `first difference at byte ${d.offset}`;
}
