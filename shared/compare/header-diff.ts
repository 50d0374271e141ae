// HTTP header differences: by name, case-insensitively, ignoring the order of different names
// (RFC 9110 §5.3: only the order of same-name fields carries meaning). A repeated header is
// compared as its list of values, and flagged as repeated.

import type { DecodedField } from '../decoders/types';
import type { Difference } from './message-types';

interface Grouped {
  /** As first written. */
  readonly name: string;
  readonly values: string[];
}

function group(fields: readonly DecodedField[]): Map<string, Grouped> {
  const byKey = new Map<string, Grouped>();
  for (const f of fields) {
    const key = f.name.toLowerCase();
    const entry = byKey.get(key);
    if (entry) entry.values.push(f.value);
    else byKey.set(key, { name: f.name, values: [f.value] });
  }
  return byKey;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** Differences in A's header order, then headers only B has, in B's order. */
export function headerDifferences(
  a: readonly DecodedField[],
  b: readonly DecodedField[],
): Difference[] {
  const ga = group(a);
  const gb = group(b);
  const out: Difference[] = [];
  for (const [key, ea] of ga) {
    const eb = gb.get(key);
    const repeated = ea.values.length > 1 || (eb?.values.length ?? 0) > 1;
    if (!eb) {
      out.push({ kind: 'header', change: 'removed', name: ea.name, a: ea.values, b: [], repeated });
    } else if (!sameList(ea.values, eb.values)) {
      out.push({
        kind: 'header',
        change: 'changed',
        name: ea.name,
        a: ea.values,
        b: eb.values,
        repeated,
      });
    }
  }
  for (const [key, eb] of gb) {
    if (ga.has(key)) continue;
    const repeated = eb.values.length > 1;
    out.push({ kind: 'header', change: 'added', name: eb.name, a: [], b: eb.values, repeated });
  }
  return out;
}
