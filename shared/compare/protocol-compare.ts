// Per-protocol differences between two paired messages, from what the decoders already read
// (titles, fields, bodies): HTTP by start line, headers and body; Redis commands by argument
// and replies as shown; anything else by title, fields and body.

import type { DecodedMessage, DecoderName } from '../decoders/types';
import { bodyDifferences } from './body-compare';
import { headerDifferences } from './header-diff';
import type { Difference } from './message-types';

function httpDifferences(a: DecodedMessage, b: DecodedMessage): Difference[] {
  const out: Difference[] = [];
  if (a.title !== b.title) out.push({ kind: 'start-line', a: a.title, b: b.title });
  out.push(...headerDifferences(a.fields, b.fields));
  out.push(...bodyDifferences(a.body, b.body));
  return out;
}

/** The command name and its arguments, as the Redis decoder lists them. */
function redisArguments(m: DecodedMessage): string[] {
  return m.fields
    .filter((f) => f.name === 'Command' || f.name.startsWith('Argument '))
    .map((f) => f.value);
}

function redisDifferences(a: DecodedMessage, b: DecodedMessage): Difference[] {
  if (a.kind !== 'command' || b.kind !== 'command') {
    return a.title === b.title ? [] : [{ kind: 'reply', a: a.title, b: b.title }];
  }
  const out: Difference[] = [];
  const argsA = redisArguments(a);
  const argsB = redisArguments(b);
  for (let i = 0; i < Math.max(argsA.length, argsB.length); i++) {
    const va = argsA[i] ?? null;
    const vb = argsB[i] ?? null;
    if (va === vb) continue;
    const change = va === null ? 'added' : vb === null ? 'removed' : 'changed';
    out.push({ kind: 'argument', change, index: i, a: va, b: vb });
  }
  return out;
}

function genericDifferences(a: DecodedMessage, b: DecodedMessage): Difference[] {
  const out: Difference[] = [];
  if (a.title !== b.title) out.push({ kind: 'title', a: a.title, b: b.title });
  // Fields by position: these protocols list fields in a fixed order per message kind.
  for (let i = 0; i < Math.max(a.fields.length, b.fields.length); i++) {
    const fa = a.fields[i];
    const fb = b.fields[i];
    if (fa && fb && fa.name === fb.name) {
      if (fa.value !== fb.value) {
        out.push({ kind: 'field', change: 'changed', name: fa.name, a: fa.value, b: fb.value });
      }
      continue;
    }
    if (fa) out.push({ kind: 'field', change: 'removed', name: fa.name, a: fa.value, b: null });
    if (fb) out.push({ kind: 'field', change: 'added', name: fb.name, a: null, b: fb.value });
  }
  out.push(...bodyDifferences(a.body, b.body));
  return out;
}

export function messageDifferences(
  protocol: DecoderName | null,
  a: DecodedMessage,
  b: DecodedMessage,
): Difference[] {
  switch (protocol) {
    case 'http':
      return httpDifferences(a, b);
    case 'redis':
      return redisDifferences(a, b);
    default:
      return genericDifferences(a, b);
  }
}

/** What messages are lined up by when they differ: requests by method and path, and so on. */
export function alignKey(protocol: DecoderName | null, m: DecodedMessage): string {
  if (protocol === 'http' && m.kind === 'request') {
    const [method = '', target = ''] = m.title.split(' ');
    return `${method} ${target.split('?')[0] ?? ''}`;
  }
  if (protocol === 'redis' && m.kind === 'command') {
    const command = m.fields.find((f) => f.name === 'Command')?.value ?? '';
    return `command ${command.toUpperCase()}`;
  }
  return m.kind;
}
