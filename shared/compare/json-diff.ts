// Field-level differences between two parsed JSON values, by path. Objects are compared by key
// (order ignored), arrays by position; values are shown as short JSON, cut off rather than
// serialised whole. Iterative, so deep nesting cannot overflow the stack, and capped in the
// number of differences listed.

import type { Change } from './message-types';

export interface JsonDifference {
  readonly kind: 'json';
  readonly change: Change;
  readonly path: string;
  readonly a: string | null;
  readonly b: string | null;
}

/** Longest value shown. */
const MAX_SHOWN = 80;
const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function isObject(v: unknown): v is { readonly [key: string]: unknown } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function hasKey(o: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, key);
}

function keyPath(parent: string, key: string): string {
  return PLAIN_KEY.test(key) ? `${parent}.${key}` : `${parent}[${JSON.stringify(key)}]`;
}

/** A value as JSON, at most about `max` characters (containers are cut, not serialised whole). */
export function previewJson(value: unknown, max = MAX_SHOWN): string {
  const parts: string[] = [];
  let used = 0;
  const put = (s: string): boolean => {
    parts.push(s);
    used += s.length;
    return used <= max;
  };
  const walk = (v: unknown): boolean => {
    if (Array.isArray(v)) {
      if (!put('[')) return false;
      for (let i = 0; i < v.length; i++) {
        if ((i > 0 && !put(',')) || !walk(v[i])) return false;
      }
      return put(']');
    }
    if (isObject(v)) {
      if (!put('{')) return false;
      let first = true;
      for (const key of Object.keys(v)) {
        if ((!first && !put(',')) || !put(`${JSON.stringify(key)}:`) || !walk(v[key])) return false;
        first = false;
      }
      return put('}');
    }
    if (typeof v === 'string') return put(JSON.stringify(v.length > max ? v.slice(0, max) : v));
    return put(JSON.stringify(v) ?? String(v));
  };
  const whole = walk(value);
  const text = parts.join('');
  return whole && text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export interface JsonDiff {
  readonly differences: readonly JsonDifference[];
  /** Differences found past the limit and not listed. */
  readonly omitted: number;
}

export function diffJson(a: unknown, b: unknown, limit = 200): JsonDiff {
  const differences: JsonDifference[] = [];
  let omitted = 0;
  const report = (d: JsonDifference) => {
    if (differences.length < limit) differences.push(d);
    else omitted++;
  };
  // Depth first, in A's key order then B's new keys: the order a reader scans both bodies in.
  const stack: { path: string; a: unknown; b: unknown }[] = [{ path: '$', a, b }];
  for (;;) {
    const item = stack.pop();
    if (!item) break;
    const { path, a: va, b: vb } = item;
    if (Array.isArray(va) && Array.isArray(vb)) {
      const common = Math.min(va.length, vb.length);
      const tail: JsonDifference[] = [];
      for (let i = common; i < va.length; i++) {
        tail.push({
          kind: 'json',
          change: 'removed',
          path: `${path}[${i}]`,
          a: previewJson(va[i]),
          b: null,
        });
      }
      for (let i = common; i < vb.length; i++) {
        tail.push({
          kind: 'json',
          change: 'added',
          path: `${path}[${i}]`,
          a: null,
          b: previewJson(vb[i]),
        });
      }
      // The extra items are reported after the common ones: their marker goes under them.
      if (tail.length > 0) stack.push({ path, a: tail, b: TAIL });
      for (let i = common - 1; i >= 0; i--)
        stack.push({ path: `${path}[${i}]`, a: va[i], b: vb[i] });
      continue;
    }
    if (vb === TAIL) {
      for (const d of va as JsonDifference[]) report(d);
      continue;
    }
    if (isObject(va) && isObject(vb)) {
      const children: typeof stack = [];
      for (const key of Object.keys(va)) {
        const p = keyPath(path, key);
        if (hasKey(vb, key)) children.push({ path: p, a: va[key], b: vb[key] });
        else children.push({ path: p, a: va[key], b: ABSENT });
      }
      for (const key of Object.keys(vb)) {
        if (!hasKey(va, key)) children.push({ path: keyPath(path, key), a: ABSENT, b: vb[key] });
      }
      stack.push(...children.reverse());
      continue;
    }
    if (vb === ABSENT) {
      report({ kind: 'json', change: 'removed', path, a: previewJson(va), b: null });
    } else if (va === ABSENT) {
      report({ kind: 'json', change: 'added', path, a: null, b: previewJson(vb) });
    } else if (!sameScalar(va, vb)) {
      report({ kind: 'json', change: 'changed', path, a: previewJson(va), b: previewJson(vb) });
    }
  }
  return { differences, omitted };
}

/** Markers on the work stack: a key missing on one side, and a batch of array-tail reports. */
const ABSENT = Symbol('absent');
const TAIL = Symbol('tail');

/** Scalars by value; a container against anything else is a change. */
function sameScalar(a: unknown, b: unknown): boolean {
  if (typeof a === 'object' || typeof b === 'object') return a === null && b === null;
  return a === b;
}
