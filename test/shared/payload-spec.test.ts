// Typed payloads (fixed replies, HTTP bodies, talk-back): text with escapes and hex become exact
// bytes, and every mistake is an error with a position, never different bytes.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePayloadSpec, type PayloadSpec } from '../../shared/payload-spec';

function bytesOf(spec: PayloadSpec): Buffer {
  const parsed = parsePayloadSpec(spec);
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.message);
  return Buffer.from(parsed.bytes);
}

function errorOf(spec: PayloadSpec): { message: string; position: number } {
  const parsed = parsePayloadSpec(spec);
  assert.ok(!parsed.ok, `expected an error for ${JSON.stringify(spec.value)}`);
  return parsed;
}

describe('payload specs', () => {
  it('text: escapes become their bytes, the rest is UTF-8', () => {
    const text = (value: string) => bytesOf({ format: 'text', value });
    assert.deepEqual(text('GET / HTTP/1.1\\r\\n\\r\\n'), Buffer.from('GET / HTTP/1.1\r\n\r\n'));
    assert.deepEqual(
      text('\\x00\\xff\\x7F\\0\\e\\t\\\\'),
      Buffer.from([0, 255, 127, 0, 27, 9, 92]),
    );
    assert.deepEqual(text('héllo ✓ 🚀'), Buffer.from('héllo ✓ 🚀', 'utf8'));
    assert.deepEqual(text(''), Buffer.alloc(0));
    // A lone surrogate cannot be UTF-8: it is sent as U+FFFD, as every encoder does.
    assert.deepEqual(text('a\ud800b'), Buffer.from('a\ufffdb', 'utf8'));
  });

  it('text: unknown escapes, cut \\x and a trailing backslash are errors at their position', () => {
    const text = (value: string) => errorOf({ format: 'text', value });
    assert.deepEqual(
      [text('ab\\q').position, text('abc\\x4').position, text('xyz\\').position],
      [2, 3, 3],
    );
    assert.match(text('\\q').message, /Unknown escape \\q/);
    assert.match(text('\\xg0').message, /two hex digits/);
    assert.match(text('end\\').message, /lone \\/);
  });

  it('hex: separators and 0x prefixes are ignored; odd counts and non-hex are errors', () => {
    const hex = (value: string) => bytesOf({ format: 'hex', value });
    assert.deepEqual(hex('0d0a'), Buffer.from('\r\n'));
    assert.deepEqual(hex('DE AD:be-ef\n00'), Buffer.from([0xde, 0xad, 0xbe, 0xef, 0]));
    assert.deepEqual(hex('0x01 0x02'), Buffer.from([1, 2]));
    assert.deepEqual(hex('  '), Buffer.alloc(0));
    assert.match(errorOf({ format: 'hex', value: 'abc' }).message, /Odd number/);
    const bad = errorOf({ format: 'hex', value: '00 0g' });
    assert.equal(bad.position, 4);
    assert.match(bad.message, /"g" is not a hex digit/);
  });

  it('every byte value survives a round trip through \\xNN text and hex', () => {
    const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const asText = [...all].map((b) => `\\x${b.toString(16).padStart(2, '0')}`).join('');
    assert.deepEqual(bytesOf({ format: 'text', value: asText }), all);
    assert.deepEqual(bytesOf({ format: 'hex', value: all.toString('hex') }), all);
  });
});
