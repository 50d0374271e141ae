// Redis decoder: commands on 'in' (RESP arrays of bulk strings, or inline "PING\r\n"), replies
// on 'out' (RESP2 and RESP3 values), rendered roughly as redis-cli shows them.

import type { Direction } from '../model';
import type { ConversationBytes, DecodedField } from './types';
import { type RespValue, RESP_TYPE_BYTES, parseResp } from './resp';
import { type DecoderOutput, byteRange, emptyOutput, markUnparsed } from './result';
import { MAX_FIELD_CHARS, oneLine, utf8 } from './text';

/** Aggregates list at most this many items as fields; the rest are counted. */
const MAX_ITEM_FIELDS = 100;
const MAX_INLINE = 64 * 1024;

function quote(bytes: Uint8Array, max: number): string {
  return `"${utf8(bytes, 0, bytes.length, max).replace(/"/g, '\\"')}"`;
}

/** A value as one readable string, at most about `max` characters. */
function renderResp(v: RespValue, max = MAX_FIELD_CHARS): string {
  switch (v.type) {
    case 'simple':
      return v.text;
    case 'error':
      return `(error) ${v.text}`;
    case 'integer':
      return `(integer) ${v.text}`;
    case 'double':
      return `(double) ${v.text}`;
    case 'bignum':
      return `(big number) ${v.text}`;
    case 'boolean':
      return v.text === 't' ? '(true)' : v.text === 'f' ? '(false)' : `(boolean) ${v.text}`;
    case 'null':
      return '(nil)';
    case 'bulk':
      return quote(v.bytes, max);
    case 'bulkError':
      return `(error) ${utf8(v.bytes, 0, v.bytes.length, max)}`;
    case 'verbatim':
      // The first 4 bytes are the format ("txt:"), not content.
      return quote(v.bytes.subarray(Math.min(4, v.bytes.length)), max);
    default: {
      if (v.items.length === 0) return `(empty ${v.type})`;
      const pair = v.type === 'map' || v.type === 'attribute';
      const parts: string[] = [];
      let used = 0;
      const step = pair ? 2 : 1;
      for (let i = 0; i < v.items.length && used < max; i += step) {
        const a = v.items[i];
        const b = v.items[i + 1];
        if (!a) break;
        const part =
          pair && b
            ? `${renderResp(a, max - used)}: ${renderResp(b, max - used)}`
            : renderResp(a, max - used);
        parts.push(part);
        used += part.length + 2;
      }
      const more = parts.length * step < v.items.length ? ', …' : '';
      const [open, close] = pair ? ['{', '}'] : v.type === 'set' ? ['~{', '}'] : ['[', ']'];
      return `${v.type === 'push' ? '(push) ' : ''}${open}${parts.join(', ')}${more}${close}`;
    }
  }
}

/** A command argument: bare when plain, quoted when it has spaces or odd bytes. */
function argument(v: RespValue): string {
  if (v.type !== 'bulk') return renderResp(v, 200);
  const shown = utf8(v.bytes, 0, v.bytes.length, 200);
  return /^[\x21-\x7e]+$/.test(shown) && !shown.includes('"') ? shown : quote(v.bytes, 200);
}

function commandFields(args: readonly string[]): DecodedField[] {
  return args
    .slice(0, MAX_ITEM_FIELDS)
    .map((a, i) => ({ name: i === 0 ? 'Command' : `Argument ${i}`, value: a }));
}

function replyFields(v: RespValue): DecodedField[] {
  const fields: DecodedField[] = [{ name: 'Type', value: v.type }];
  if ('items' in v) {
    // Maps list key → value; other aggregates list items by 1-based position, as redis-cli does.
    const pairs = v.type === 'map' || v.type === 'attribute';
    const step = pairs ? 2 : 1;
    const shown = Math.min(v.items.length, MAX_ITEM_FIELDS * step);
    for (let i = 0; i < shown; i += step) {
      const item = v.items[i];
      if (!item) break;
      const value = v.items[i + 1];
      fields.push(
        pairs && value
          ? { name: renderResp(item, 200), value: renderResp(value) }
          : { name: String(i + 1), value: renderResp(item) },
      );
    }
    if (v.items.length > shown) {
      fields.push({ name: '…', value: `${(v.items.length - shown) / step} more` });
    }
  } else fields.push({ name: 'Value', value: renderResp(v) });
  return fields;
}

function decodeDirection(b: Uint8Array, direction: Direction, out: DecoderOutput): void {
  let pos = 0;
  let exchanges = 0;
  while (pos < b.length) {
    const first = String.fromCharCode(b[pos] ?? 0);
    const push = (end: number, kind: string, title: string, fields: DecodedField[]): void => {
      // Replies come in command order (pushes aside), so command i pairs with reply i.
      const exchange = kind === 'command' || kind === 'reply' ? exchanges++ : null;
      out.messages.push({
        direction,
        range: byteRange(direction, pos, end),
        kind,
        title: oneLine(title),
        fields,
        body: null,
        exchange,
      });
    };
    if (direction === 'in' && !RESP_TYPE_BYTES.includes(first)) {
      // Inline command (what telnet users type): space-separated words up to the line end.
      const lf = b.indexOf(10, pos);
      if (lf < 0) {
        if (b.length - pos > MAX_INLINE)
          markUnparsed(out, direction, pos, b.length, 'inline command too long');
        else out.partial = true;
        return;
      }
      const lineEnd = lf > pos && b[lf - 1] === 13 ? lf - 1 : lf;
      const words = utf8(b, pos, lineEnd)
        .split(/[ \t]+/)
        .filter((w) => w !== '');
      if (words.length > 0)
        push(lf + 1, 'command', words.join(' '), [
          ...commandFields(words),
          { name: 'Format', value: 'inline' },
        ]);
      pos = lf + 1;
      continue;
    }
    const parsed = parseResp(b, pos);
    if (parsed.status === 'incomplete') {
      out.partial = true;
      return;
    }
    if (parsed.status === 'invalid') {
      markUnparsed(out, direction, parsed.at, b.length, parsed.reason);
      return;
    }
    const v = parsed.value;
    if (direction === 'in' && v.type === 'array' && v.items.length > 0) {
      const args = v.items.map(argument);
      push(parsed.end, 'command', args.join(' '), commandFields(args));
    } else {
      const kind = v.type === 'push' ? 'push' : v.type === 'attribute' ? 'attribute' : 'reply';
      push(parsed.end, kind, renderResp(v, 300), replyFields(v));
    }
    pos = parsed.end;
  }
}

export function decodeRedis(bytes: ConversationBytes): DecoderOutput {
  const out = emptyOutput();
  decodeDirection(bytes.in, 'in', out);
  decodeDirection(bytes.out, 'out', out);
  return out;
}
