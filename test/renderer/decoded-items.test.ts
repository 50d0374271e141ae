// From a decoded conversation to the Decoded tab's rows: which decoder a connection gets,
// unparsed regions placed in arrival order among messages, and the header/note texts.
import assert from 'node:assert/strict';
import { decoderFor } from '../../renderer/src/lib/decoder-for';
import { describe, it } from 'node:test';
import type {
  DecodedConversation,
  DecodedMessage,
  UnparsedRegion,
} from '../../shared/decoders/types';
import type { Direction } from '../../shared/model';
import {
  arrivalLookup,
  conversationItems,
  decompressibleEncoding,
  directionLabel,
  encodingNote,
} from '../../renderer/src/features/payload/decoded/decoded-items';

function message(direction: Direction, offset: number, title: string): DecodedMessage {
  return {
    direction,
    range: { direction, offset, length: 10 },
    kind: 'request',
    title,
    fields: [],
    body: null,
    exchange: null,
  };
}

function region(direction: Direction, offset: number): UnparsedRegion {
  return { range: { direction, offset, length: 4 }, reason: 'bad' };
}

function conversation(
  messages: DecodedMessage[],
  unparsed: UnparsedRegion[] = [],
): DecodedConversation {
  return { protocol: 'http', messages, unparsed, partial: false };
}

describe('decoderFor', () => {
  it('maps detected protocols to decoders', () => {
    assert.equal(decoderFor({ in: 'http', out: 'http' }), 'http');
    assert.equal(decoderFor({ in: 'tls', out: null }), 'tls');
    assert.equal(decoderFor({ in: null, out: 'redis' }), 'redis');
    assert.equal(decoderFor({ in: 'postgres', out: 'binary' }), 'postgres');
  });

  it('prefers WebSocket for an upgraded connection', () => {
    assert.equal(decoderFor({ in: 'http', out: 'websocket' }), 'websocket');
  });

  it('offers nothing for protocols without a decoder', () => {
    assert.equal(decoderFor({ in: null, out: null }), null);
    assert.equal(decoderFor({ in: 'text', out: 'binary' }), null);
    assert.equal(decoderFor({ in: 'mqtt', out: 'ssh' }), null);
    assert.equal(decoderFor({ in: 'http2', out: null }), null);
  });
});

describe('conversationItems', () => {
  const order = [
    { direction: 'in', offset: 0, at: 10 },
    { direction: 'out', offset: 0, at: 20 },
    { direction: 'in', offset: 50, at: 30 },
    { direction: 'out', offset: 40, at: 40 },
  ] as const;

  it('finds the arrival time of the chunk holding an offset', () => {
    const at = arrivalLookup(order);
    assert.equal(at('in', 0), 10);
    assert.equal(at('in', 49), 10);
    assert.equal(at('in', 50), 30);
    assert.equal(at('out', 45), 40);
    assert.equal(arrivalLookup([])('in', 5), 0);
  });

  it('keeps the decoder order of messages and slots regions in by arrival', () => {
    const items = conversationItems(
      conversation(
        [message('in', 0, 'A'), message('out', 0, 'B'), message('in', 60, 'C')],
        [region('out', 41), region('in', 20)],
      ),
      order,
    );
    assert.deepEqual(
      items.map((i) => (i.kind === 'message' ? i.message.title : `?${i.region.range.offset}`)),
      ['A', '?20', 'B', 'C', '?41'],
    );
  });

  it('puts regions after messages when there are no chunk records', () => {
    const items = conversationItems(conversation([message('in', 0, 'A')], [region('in', 9)]), []);
    assert.deepEqual(
      items.map((i) => i.kind),
      ['message', 'unparsed'],
    );
  });
});

describe('texts', () => {
  it('labels directions as the Text view does', () => {
    assert.equal(directionLabel('in'), 'client → port');
    assert.equal(directionLabel('out'), 'port → client');
  });

  it('describes a decompression', () => {
    assert.equal(encodingNote('gzip', 1229, 14336, false), 'gzip, 1.2 KiB → 14.0 KiB');
    assert.match(encodingNote('br', 10, 20, true), /cut at the decompression limit/);
  });

  it('knows which encodings the engine can undo', () => {
    assert.equal(decompressibleEncoding('gzip'), 'gzip');
    assert.equal(decompressibleEncoding('x-gzip'), 'gzip');
    assert.equal(decompressibleEncoding('br'), 'br');
    assert.equal(decompressibleEncoding('zstd'), null);
    assert.equal(decompressibleEncoding(null), null);
  });
});
