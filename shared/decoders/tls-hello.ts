// ClientHello / ServerHello bodies (RFC 8446 §4.1.2–4.1.3): the fields a person checks when a
// handshake fails — versions, SNI, ALPN, cipher suites, key-share groups.

import type { DecodedField } from './types';
import { ascii, plural, u16 } from './text';
import { extensionName, groupName, suiteName, versionName } from './tls-names';

export interface Hello {
  readonly fields: DecodedField[];
  /** Short facts for the title ("SNI example.test", "TLS 1.3", …). */
  readonly summary: string[];
  /** ServerHello's supported_versions choice, which overrides its legacy version. */
  selectedVersion: string | null;
}

/** Thrown (and caught in parseHello) when a length points past the message. */
class Short extends Error {}

class Reader {
  constructor(
    readonly b: Uint8Array,
    public pos: number,
    readonly end: number,
  ) {}
  need(n: number): void {
    if (this.pos + n > this.end) throw new Short('truncated');
  }
  u8(): number {
    this.need(1);
    return this.b[this.pos++] ?? 0;
  }
  u16(): number {
    this.need(2);
    const v = u16(this.b, this.pos);
    this.pos += 2;
    return v;
  }
  /** A sub-reader over a length-prefixed vector (prefix of `size` bytes). */
  vector(size: 1 | 2): Reader {
    const len = size === 1 ? this.u8() : this.u16();
    this.need(len);
    const r = new Reader(this.b, this.pos, this.pos + len);
    this.pos += len;
    return r;
  }
  get left(): number {
    return this.end - this.pos;
  }
  hex(n: number): string {
    this.need(n);
    const s = Array.from(this.b.subarray(this.pos, this.pos + n), (x) =>
      x.toString(16).padStart(2, '0'),
    ).join('');
    this.pos += n;
    return s;
  }
}

const HRR_RANDOM = 'cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c';

function u16List(r: Reader): number[] {
  const list: number[] = [];
  while (r.left >= 2) list.push(r.u16());
  return list;
}

function extension(type: number, r: Reader, client: boolean, hello: Hello): void {
  const { fields, summary } = hello;
  switch (type) {
    case 0: {
      const list = r.vector(2);
      while (list.left > 0) {
        const nameType = list.u8();
        const name = list.vector(2);
        const host = ascii(name.b, name.pos, name.end, 255);
        fields.push({ name: 'SNI', value: nameType === 0 ? host : `type ${nameType}: ${host}` });
        if (nameType === 0) summary.push(`SNI ${host}`);
      }
      return;
    }
    case 16: {
      const list = r.vector(2);
      const protocols: string[] = [];
      while (list.left > 0) {
        const p = list.vector(1);
        protocols.push(ascii(p.b, p.pos, p.end, 255));
      }
      fields.push({ name: 'ALPN', value: protocols.join(', ') });
      summary.push(`ALPN ${protocols.join(', ')}`);
      return;
    }
    case 43: {
      if (client) {
        fields.push({
          name: 'Supported versions',
          value: u16List(r.vector(1)).map(versionName).join(', '),
        });
      } else {
        const v = versionName(r.u16());
        fields.push({ name: 'Selected version', value: v });
        hello.selectedVersion = v;
      }
      return;
    }
    case 51: {
      if (client) {
        const list = r.vector(2);
        const groups: string[] = [];
        while (list.left > 0) {
          groups.push(groupName(list.u16()));
          list.vector(2);
        }
        fields.push({ name: 'Key share groups', value: groups.join(', ') });
      } else {
        fields.push({ name: 'Key share group', value: groupName(r.u16()) });
      }
      return;
    }
    case 10:
      fields.push({
        name: 'Supported groups',
        value: u16List(r.vector(2)).map(groupName).join(', '),
      });
      return;
    case 13:
      fields.push({
        name: 'Signature algorithms',
        value: plural(u16List(r.vector(2)).length, 'algorithm'),
      });
      return;
    default:
      return;
  }
}

/** Parses a ClientHello (client) or ServerHello body in [start, end). */
export function parseHello(b: Uint8Array, start: number, end: number, client: boolean): Hello {
  const hello: Hello = { fields: [], summary: [], selectedVersion: null };
  const { fields } = hello;
  const r = new Reader(b, start, end);
  try {
    const version = r.u16();
    fields.push({ name: client ? 'Legacy version' : 'Version', value: versionName(version) });
    const random = r.hex(32);
    fields.push({ name: 'Random', value: random });
    if (!client && random === HRR_RANDOM) hello.summary.push('HelloRetryRequest');
    const session = r.vector(1);
    fields.push({
      name: 'Session ID',
      value: session.left === 0 ? '(empty)' : session.hex(session.left),
    });
    if (client) {
      const suites = u16List(r.vector(2));
      fields.push({
        name: `Cipher suites (${suites.length})`,
        value: suites.map(suiteName).join(', '),
      });
      r.vector(1); // compression methods: always [null] in practice
    } else {
      const suite = suiteName(r.u16());
      fields.push({ name: 'Cipher suite', value: suite });
      hello.summary.push(versionName(version), suite);
      r.u8();
    }
    if (r.left === 0) return hello;
    const exts = r.vector(2);
    const names: string[] = [];
    while (exts.left > 0) {
      const type = exts.u16();
      const body = exts.vector(2);
      names.push(extensionName(type));
      extension(type, body, client, hello);
    }
    fields.push({ name: `Extensions (${names.length})`, value: names.join(', ') });
    // supported_versions overrides the legacy version in the title (TLS 1.3 says "1.2" there).
    const legacy = hello.summary.indexOf(versionName(version));
    if (!client && hello.selectedVersion !== null && legacy >= 0) {
      hello.summary[legacy] = hello.selectedVersion;
    }
  } catch (error) {
    if (!(error instanceof Short)) throw error;
    fields.push({ name: 'Truncated', value: 'a length points past the end of the message' });
  }
  return hello;
}
