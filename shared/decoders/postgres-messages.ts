// PostgreSQL wire protocol v3 message bodies (https://www.postgresql.org/docs/current/protocol-message-formats.html):
// a title and fields for each typed message. Bodies are bounded by their length word; reads past
// the body yield empty values rather than throwing.

import type { DecodedField } from './types';
import { AUTH, ERROR_FIELDS, STATUS, messageName } from './postgres-names';
import { ascii, i32, u16, u32, utf8 } from './text';

export interface PgSummary {
  readonly kind: string;
  readonly title: string;
  readonly fields: DecodedField[];
}

/** Cursor over one message body [pos, end). */
class Body {
  constructor(
    readonly b: Uint8Array,
    public pos: number,
    readonly end: number,
  ) {}
  get left(): number {
    return this.end - this.pos;
  }
  cstring(keepLines = false): string {
    // Search only this body: a missing NUL must not scan the rest of the stream.
    const found = this.b.subarray(this.pos, this.end).indexOf(0);
    const nul = found < 0 ? this.end : this.pos + found;
    const s = utf8(this.b, this.pos, nul, undefined, keepLines);
    this.pos = Math.min(this.end, nul + 1);
    return s;
  }
  int16(): number {
    if (this.left < 2) return ((this.pos = this.end), 0);
    const v = u16(this.b, this.pos);
    this.pos += 2;
    return v;
  }
  int32(): number {
    if (this.left < 4) return ((this.pos = this.end), 0);
    const v = i32(this.b, this.pos);
    this.pos += 4;
    return v;
  }
  byte(): number {
    if (this.left < 1) return 0;
    return this.b[this.pos++] ?? 0;
  }
}

function frontendMessage(type: string, r: Body, name: string): PgSummary {
  const fields: DecodedField[] = [];
  let title = name;
  switch (type) {
    case 'Q': {
      const sql = r.cstring(true);
      fields.push({ name: 'Query', value: sql });
      title = `Query: ${sql}`;
      break;
    }
    case 'P': {
      const statement = r.cstring();
      const sql = r.cstring(true);
      const count = r.int16();
      fields.push(
        { name: 'Statement', value: statement || '(unnamed)' },
        { name: 'Query', value: sql },
        { name: 'Parameter types', value: String(count) },
      );
      title = `Parse: ${sql}`;
      break;
    }
    case 'B': {
      const portal = r.cstring();
      const statement = r.cstring();
      fields.push(
        { name: 'Portal', value: portal || '(unnamed)' },
        { name: 'Statement', value: statement || '(unnamed)' },
      );
      title = `Bind: ${statement || '(unnamed)'}`;
      break;
    }
    case 'E': {
      const portal = r.cstring();
      const rows = r.int32();
      fields.push(
        { name: 'Portal', value: portal || '(unnamed)' },
        { name: 'Max rows', value: rows === 0 ? 'all' : String(rows) },
      );
      break;
    }
    case 'D':
    case 'C': {
      const what = String.fromCharCode(r.byte());
      const target = r.cstring();
      const label =
        what === 'S'
          ? 'statement'
          : what === 'P'
            ? 'portal'
            : `kind ${ascii(new Uint8Array([what.charCodeAt(0)]), 0, 1)}`;
      fields.push({ name: 'Target', value: `${label} ${target || '(unnamed)'}` });
      title = `${name}: ${label} ${target || '(unnamed)'}`;
      break;
    }
    case 'p':
      // Password, SASL or GSS data: which one depends on the preceding Authentication request.
      fields.push({ name: 'Data', value: utf8(r.b, r.pos, r.end, 256) });
      break;
    case 'f':
      fields.push({ name: 'Error', value: r.cstring() });
      break;
    default:
      break;
  }
  return { kind: name, title, fields };
}

function errorFields(r: Body, name: string): PgSummary {
  const fields: DecodedField[] = [];
  const by: Record<string, string> = {};
  while (r.left > 0) {
    const code = r.byte();
    if (code === 0) break;
    const key = String.fromCharCode(code);
    const value = r.cstring(true);
    by[key] = value;
    fields.push({
      name: ERROR_FIELDS[key] ?? `Field ${ascii(new Uint8Array([code]), 0, 1)}`,
      value,
    });
  }
  const title = [by.S ?? by.V, by.C, by.M].filter((x) => x !== undefined).join(' ');
  return { kind: name, title: `${name}: ${title}`, fields };
}

function backendMessage(type: string, r: Body, name: string): PgSummary {
  const fields: DecodedField[] = [];
  switch (type) {
    case 'R': {
      const code = r.int32();
      const auth = AUTH[code] ?? `Authentication (${code})`;
      if (code === 5)
        fields.push({
          name: 'Salt',
          value: Array.from(r.b.subarray(r.pos, Math.min(r.end, r.pos + 4)), (x) =>
            x.toString(16).padStart(2, '0'),
          ).join(''),
        });
      if (code === 10) {
        const mechanisms: string[] = [];
        while (r.left > 1) mechanisms.push(r.cstring());
        fields.push({ name: 'Mechanisms', value: mechanisms.join(', ') });
      }
      return { kind: auth, title: auth, fields };
    }
    case 'S': {
      const key = r.cstring();
      const value = r.cstring();
      fields.push({ name: key, value });
      return { kind: name, title: `${name}: ${key} = ${value}`, fields };
    }
    case 'K':
      fields.push(
        { name: 'Process ID', value: String(r.int32()) },
        { name: 'Secret key', value: String(u32(r.b, r.pos)) },
      );
      return { kind: name, title: name, fields };
    case 'Z': {
      const status = String.fromCharCode(r.byte());
      const shown = STATUS[status] ?? ascii(new Uint8Array([status.charCodeAt(0)]), 0, 1);
      fields.push({ name: 'Status', value: shown });
      return { kind: name, title: `${name}: ${shown}`, fields };
    }
    case 'T': {
      const count = r.int16();
      const names: string[] = [];
      for (let i = 0; i < count && r.left > 0; i++) {
        const column = r.cstring();
        r.pos = Math.min(r.end, r.pos + 4 + 2);
        const typeOid = r.int32();
        r.pos = Math.min(r.end, r.pos + 2 + 4 + 2);
        names.push(column);
        fields.push({ name: column, value: `type oid ${typeOid}` });
      }
      return { kind: name, title: `${name}: ${names.join(', ')}`, fields };
    }
    case 'D': {
      const count = r.int16();
      const values: string[] = [];
      for (let i = 0; i < count && r.left >= 4; i++) {
        const length = r.int32();
        let value = 'NULL';
        if (length >= 0) {
          const end = Math.min(r.end, r.pos + length);
          value = utf8(r.b, r.pos, end, undefined, true);
          r.pos = end;
        }
        values.push(value);
        fields.push({ name: String(i + 1), value });
      }
      return { kind: name, title: `${name}: ${values.join(', ')}`, fields };
    }
    case 'C': {
      const tag = r.cstring();
      fields.push({ name: 'Tag', value: tag });
      return { kind: name, title: `${name}: ${tag}`, fields };
    }
    case 'E':
    case 'N':
      return errorFields(r, name);
    case 'A': {
      const pid = r.int32();
      const channel = r.cstring();
      const payload = r.cstring(true);
      fields.push(
        { name: 'Process ID', value: String(pid) },
        { name: 'Channel', value: channel },
        { name: 'Payload', value: payload },
      );
      return { kind: name, title: `${name}: ${channel}`, fields };
    }
    default:
      return { kind: name, title: name, fields };
  }
}

export function typedMessage(
  b: Uint8Array,
  type: string,
  start: number,
  end: number,
  frontend: boolean,
): PgSummary {
  const name =
    messageName(type, frontend) ?? `Message '${ascii(new Uint8Array([type.charCodeAt(0)]), 0, 1)}'`;
  const r = new Body(b, start, end);
  return frontend ? frontendMessage(type, r, name) : backendMessage(type, r, name);
}

/** The untyped first message(s) of a frontend: startup, SSL/GSS negotiation, cancel. */
export function untypedMessage(
  b: Uint8Array,
  start: number,
  end: number,
): PgSummary & { negotiation: 'ssl' | 'gss' | null } {
  const code = u32(b, start);
  const r = new Body(b, start + 4, end);
  if (code === 80877103)
    return { kind: 'SSLRequest', title: 'SSLRequest', fields: [], negotiation: 'ssl' };
  if (code === 80877104)
    return { kind: 'GSSENCRequest', title: 'GSSENCRequest', fields: [], negotiation: 'gss' };
  if (code === 80877102) {
    const fields = [
      { name: 'Process ID', value: String(r.int32()) },
      { name: 'Secret key', value: String(u32(b, r.pos)) },
    ];
    return { kind: 'CancelRequest', title: 'CancelRequest', fields, negotiation: null };
  }
  const fields: DecodedField[] = [{ name: 'Protocol', value: `${code >>> 16}.${code & 0xffff}` }];
  const params: Record<string, string> = {};
  while (r.left > 1) {
    const key = r.cstring();
    const value = r.cstring();
    if (key === '') break;
    params[key] = value;
    fields.push({ name: key, value });
  }
  const who = [
    params.user && `user ${params.user}`,
    params.database && `database ${params.database}`,
  ].filter(Boolean);
  return {
    kind: 'StartupMessage',
    title: ['StartupMessage', ...who].join(' · '),
    fields,
    negotiation: null,
  };
}
