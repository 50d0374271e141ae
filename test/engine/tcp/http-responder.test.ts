// The HTTP responder on real loopback sockets, driven by Node's own HTTP client and by raw
// sockets that pipeline, half-close and misbehave; plus the exact bytes of its responses.

import assert from 'node:assert/strict';
import {
  Agent,
  request as httpRequest,
  type IncomingMessage,
  type RequestOptions,
} from 'node:http';
import type { Socket } from 'node:net';
import { after, before, describe, test } from 'node:test';
import {
  badRequestResponse,
  buildResponses,
  type HttpResponderConfig,
} from '../../../engine/tcp/behaviours/http-response';
import type { FaultInput } from '../../../shared/behaviours';
import { MAX_READ_BYTES } from '../../../shared/contract';
import type { Direction } from '../../../shared/model';
import { collect, connectClient, startEngine } from '../../support/engine-harness';
import { within } from '../../support/within';

const CONFIG: HttpResponderConfig = {
  kind: 'http',
  status: 201,
  reason: '',
  headers: [['Content-Type', 'application/json']],
  body: { format: 'text', value: '{"ok":true}' },
};

const RESPONSE =
  'HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n';
const RESPONSE_CLOSE =
  'HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: 11\r\nConnection: close\r\n\r\n';
const BODY = '{"ok":true}';

/** A port answering with the HTTP responder, seen from the server side. */
interface HttpPort {
  readonly port: number;
  /** Connections the server accepted. */
  accepted(): Promise<number>;
  /** What connection `index` (in accept order) received, once it has closed. */
  closedConnection(index: number): Promise<{ in: Buffer; out: Buffer; endReason: string }>;
  /** Bytes recorded in and out so far on connection `index`. */
  counts(index: number): Promise<{ in: number; out: number }>;
  /** Resolves once connection `index` has received `bytes` bytes. */
  waitForIn(index: number, bytes: number): Promise<void>;
  close(): Promise<void>;
}

/** A real engine with one 'http' port, opened through the contract as the UI opens it. */
async function openPort(config: HttpResponderConfig, faults: FaultInput = {}): Promise<HttpPort> {
  const h = startEngine();
  const listener = await h.must('openListener', {
    host: '127.0.0.1',
    port: 0,
    behaviour: config,
    faults,
  });
  assert.ok(listener.port !== null);

  const connectionId = (index: number): Promise<number> =>
    h.waitFor(async () => {
      const { connections } = await h.must('listConnections', {});
      const ids = connections.filter((c) => c.listenerId === listener.id).map((c) => c.id);
      return ids.sort((a, b) => a - b)[index];
    }, `connection #${index} of the port`);

  /** Every recorded byte of one direction, paged as a payload view reads it. */
  const payload = async (id: number, direction: Direction, length: number): Promise<Buffer> => {
    const parts: Buffer[] = [];
    for (let offset = 0; offset < length; offset += MAX_READ_BYTES) {
      const page = await h.must('readPayload', {
        connectionId: id,
        direction,
        offset,
        length: Math.min(MAX_READ_BYTES, length - offset),
      });
      parts.push(Buffer.from(page.data, 'base64'));
    }
    return Buffer.concat(parts);
  };

  return {
    port: listener.port,
    accepted: async () => {
      const listeners = await h.must('listListeners', {});
      return listeners.find((l) => l.id === listener.id)?.connectionsTotal ?? 0;
    },
    closedConnection: async (index) => {
      const id = await connectionId(index);
      const conn = await h.waitForConnection(id, (c) => c.state === 'closed', `#${id} closed`);
      return {
        in: await payload(id, 'in', conn.in.captured),
        out: await payload(id, 'out', conn.out.captured),
        endReason: conn.endReason ?? 'none',
      };
    },
    counts: async (index) => {
      const conn = await h.must('getConnection', { id: await connectionId(index) });
      return { in: conn.in.received, out: conn.out.received };
    },
    waitForIn: async (index, bytes) => {
      const id = await connectionId(index);
      await h.waitForConnection(id, (c) => c.in.received >= bytes, `#${id} received ${bytes}`);
    },
    close: () => h.close(),
  };
}

/** Send `data` on a fresh connection (then FIN unless told not to); everything received back. */
async function exchange(
  port: number,
  data: string,
  options: { end?: boolean } = {},
): Promise<string> {
  const socket = await connectClient(port);
  const received = collect(socket);
  socket.write(Buffer.from(data, 'latin1'));
  if (options.end !== false) socket.end();
  return (await within(received, 'the responses and the close')).toString('latin1');
}

/** Resolves once `socket` has received at least `count` bytes (with what it received). */
function readAtLeast(socket: Socket, count: number): Promise<string> {
  return new Promise((resolve) => {
    const parts: Buffer[] = [];
    let total = 0;
    const onData = (data: Buffer): void => {
      parts.push(data);
      total += data.length;
      if (total < count) return;
      socket.removeListener('data', onData);
      resolve(Buffer.concat(parts).toString('latin1'));
    };
    socket.on('data', onData);
  });
}

interface Reply {
  readonly res: IncomingMessage;
  readonly body: string;
  readonly continued: boolean;
}

/** One request with Node's HTTP client; `body` pieces are written separately (chunked if no length). */
function send(options: RequestOptions, body: readonly string[] = []): Promise<Reply> {
  return new Promise((resolve, reject) => {
    let continued = false;
    const req = httpRequest({ host: '127.0.0.1', ...options }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (d: Buffer) => parts.push(d));
      res.on('end', () => resolve({ res, body: Buffer.concat(parts).toString(), continued }));
    });
    req.on('error', reject);
    const expectsContinue = Object.entries(options.headers ?? {}).some(
      ([name, value]) => name.toLowerCase() === 'expect' && value === '100-continue',
    );
    const writeBody = (): void => {
      for (const piece of body) req.write(piece);
      req.end();
    };
    if (expectsContinue) {
      req.on('continue', () => {
        continued = true;
        writeBody();
      });
      req.flushHeaders();
    } else {
      writeBody();
    }
  });
}

describe('HTTP responder: response bytes', { timeout: 15_000 }, () => {
  test('each variant is built once: keep-alive, close, and HEAD without body', () => {
    const responses = buildResponses(CONFIG);
    assert.equal(responses.pick(false, false).toString(), RESPONSE + BODY);
    assert.equal(responses.pick(false, true).toString(), RESPONSE_CLOSE + BODY);
    assert.equal(responses.pick(true, false).toString(), RESPONSE);
    assert.equal(responses.pick(true, true).toString(), RESPONSE_CLOSE);
    assert.equal(responses.pick(false, false), responses.pick(false, false), 'the same buffer');
  });

  test('204, 304 and 1xx carry neither body nor Content-Length', () => {
    for (const status of [204, 304, 103]) {
      const bytes = buildResponses({ ...CONFIG, status })
        .pick(false, false)
        .toString();
      assert.doesNotMatch(bytes, /Content-Length|ok/, `status ${status}`);
      assert.ok(bytes.endsWith('application/json\r\n\r\n'));
    }
  });

  test("the user's framing headers, reason and Connection: close are sent as configured", () => {
    const custom = buildResponses({
      kind: 'http',
      status: 200,
      reason: 'Fine Thanks',
      headers: [
        ['content-length', '99'],
        ['Connection', 'close'],
        ['X-Note', 'café'],
      ],
      body: { format: 'hex', value: '00 ff' },
    });
    assert.ok(custom.alwaysCloses);
    const expected = Buffer.concat([
      Buffer.from('HTTP/1.1 200 Fine Thanks\r\ncontent-length: 99\r\nConnection: close\r\n'),
      Buffer.from('X-Note: café\r\n\r\n', 'utf8'),
      Buffer.from([0x00, 0xff]),
    ]);
    assert.deepEqual(custom.pick(false, false), expected);
    assert.deepEqual(custom.pick(false, true), expected, 'no second Connection: close');
    const chunked = buildResponses({ ...CONFIG, headers: [['Transfer-Encoding', 'chunked']] });
    assert.doesNotMatch(chunked.pick(false, false).toString(), /Content-Length/);
  });

  test('an unknown status gets an empty reason; no Date header is ever added', () => {
    const bytes = buildResponses({ ...CONFIG, status: 299 })
      .pick(false, false)
      .toString();
    assert.ok(bytes.startsWith('HTTP/1.1 299 \r\n'));
    assert.doesNotMatch(bytes, /Date:/i);
  });

  test('a 400 names the problem in a short text body and closes', () => {
    const bytes = badRequestResponse('invalid method "G(T"').toString();
    assert.equal(
      bytes,
      'HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 34\r\n' +
        'Connection: close\r\n\r\nBad request: invalid method "G(T"\n',
    );
  });
});

describe('HTTP responder on real sockets', { timeout: 15_000 }, () => {
  let port: HttpPort;
  before(async () => {
    port = await openPort(CONFIG);
  });
  after(() => port.close());

  // Each test opens its own connection(s); connection indexes count from here.
  let next = 0;
  const claim = (count = 1): number => {
    const first = next;
    next += count;
    return first;
  };

  test("Node's keep-alive client: 3 requests on one connection get 3 responses", async () => {
    const index = claim();
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const replies = [
        await send({ port: port.port, agent, path: '/one' }),
        await send({ port: port.port, agent, path: '/two', method: 'POST' }, ['chunk', 'ed']),
        await send({ port: port.port, agent, method: 'PUT', headers: { 'Content-Length': 3 } }, [
          'abc',
        ]),
      ];
      for (const reply of replies) {
        assert.equal(reply.res.statusCode, 201);
        assert.equal(reply.res.statusMessage, 'Created');
        assert.equal(reply.res.headers['content-type'], 'application/json');
        assert.equal(reply.body, BODY);
      }
      assert.equal(await port.accepted(), index + 1, 'one connection accepted for all three');
    } finally {
      agent.destroy();
    }
    assert.equal((await port.closedConnection(index)).endReason, 'client-closed');
  });

  test('3 pipelined requests in one write (one chunked) get 3 responses in order', async () => {
    const index = claim();
    const sent =
      'GET /1 HTTP/1.1\r\nHost: x\r\n\r\n' +
      'POST /2 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n4;ext=1\r\nwiki\r\n0\r\nT: 1\r\n\r\n' +
      'GET /3 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n';
    const received = await exchange(port.port, sent, { end: false });
    assert.equal(received, RESPONSE + BODY + RESPONSE + BODY + RESPONSE_CLOSE + BODY);
    const conn = await port.closedConnection(index);
    assert.equal(conn.in.toString('latin1'), sent, 'captured exactly what the client sent');
    assert.equal(conn.out.toString('latin1'), received);
    assert.equal(conn.endReason, 'closed-by-behaviour');
  });

  test('HEAD gets the headers without the body, and the next response stays framed', async () => {
    claim(2);
    const reply = await send({ port: port.port, method: 'HEAD', agent: false });
    assert.equal(reply.res.statusCode, 201);
    assert.equal(reply.res.headers['content-length'], '11');
    assert.equal(reply.body, '');
    const raw = await exchange(port.port, 'HEAD / HTTP/1.1\r\n\r\nGET / HTTP/1.1\r\n\r\n');
    assert.equal(raw, RESPONSE + RESPONSE + BODY);
  });

  test('HTTP/1.0 gets Connection: close and a closed connection, unless it asks for keep-alive', async () => {
    claim(2);
    assert.equal(
      await exchange(port.port, 'GET / HTTP/1.0\r\n\r\n', { end: false }),
      RESPONSE_CLOSE + BODY,
    );
    const kept = await exchange(
      port.port,
      'GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET / HTTP/1.0\r\n\r\n',
      { end: false },
    );
    assert.equal(kept, RESPONSE + BODY + RESPONSE_CLOSE + BODY);
  });

  test("Expect: 100-continue: Node's client gets 100 Continue, sends the body, gets the response", async () => {
    claim();
    const headers = { Expect: '100-continue', 'Content-Length': 5 };
    const reply = await send({ port: port.port, method: 'POST', headers, agent: false }, ['hello']);
    assert.ok(reply.continued, "the client's 'continue' event fired");
    assert.equal(reply.res.statusCode, 201);
    assert.equal(reply.body, BODY);
  });

  test('Expect: 100-continue on a raw socket: the 100 comes before the body is sent', async () => {
    claim();
    const socket = await connectClient(port.port);
    const all = collect(socket);
    const interim = readAtLeast(socket, 25);
    socket.write('POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n');
    assert.equal(await within(interim, 'the 100 Continue'), 'HTTP/1.1 100 Continue\r\n\r\n');
    socket.end('hello');
    const everything = await within(all, 'the response and the close');
    assert.equal(everything.toString(), `HTTP/1.1 100 Continue\r\n\r\n${RESPONSE}${BODY}`);
  });

  test('a malformed request gets a 400 naming the problem; later input is ignored', async () => {
    const index = claim();
    const sent = 'GET / HTTP/1.1\r\nHost : x\r\n\r\nGET / HTTP/1.1\r\n\r\n';
    const received = await exchange(port.port, sent, { end: false });
    assert.equal(
      received,
      badRequestResponse('whitespace before the colon in header "Host"').toString(),
    );
    const conn = await port.closedConnection(index);
    assert.equal(conn.in.toString('latin1'), sent);
    assert.equal(conn.endReason, 'closed-by-behaviour');
  });

  test("the client's FIN: complete requests are answered, then our side ends", async () => {
    claim(2);
    const two = await exchange(port.port, 'GET / HTTP/1.1\r\n\r\nGET / HTTP/1.1\r\n\r\n');
    assert.equal(two, RESPONSE + BODY + RESPONSE + BODY);
    // An incomplete request at FIN gets no response: the connection just ends.
    assert.equal(await exchange(port.port, 'GET / HTTP/1.1\r\nHost: x\r\n'), '');
  });
});

describe('HTTP responder: special cases', { timeout: 15_000 }, () => {
  test('a flood of pipelined requests from a client that does not read is not answered ahead', async () => {
    const body = 'a'.repeat(1_200_000);
    const port = await openPort({ ...CONFIG, body: { format: 'text', value: body } });
    const socket = await connectClient(port.port);
    try {
      const count = 50;
      socket.pause();
      const received = collect(socket);
      const requests = 'GET / HTTP/1.1\r\n\r\n'.repeat(count);
      socket.write(requests);
      await port.waitForIn(0, requests.length);
      // Without backpressure every response would have been queued while handling that input.
      const { out } = await port.counts(0);
      assert.ok(
        out < (count / 2) * body.length,
        `${out} bytes queued for a client that reads nothing`,
      );
      socket.resume();
      socket.end();
      const all = await within(received, 'all 50 responses once the client reads');
      const one = RESPONSE.replace('11', String(body.length)).length + body.length;
      assert.equal(all.length, count * one, 'every response arrives once the client reads');
    } finally {
      socket.destroy();
      await port.close();
    }
  });

  test("the port's faults apply to responses: split into 5-byte writes, same bytes", async () => {
    const port = await openPort(CONFIG, { splitBytes: 5 });
    try {
      const sent = 'GET / HTTP/1.1\r\n\r\nHEAD / HTTP/1.1\r\n\r\nGET / HTTP/1.0\r\n\r\n';
      const received = await exchange(port.port, sent, { end: false });
      assert.equal(received, RESPONSE + BODY + RESPONSE + RESPONSE_CLOSE + BODY);
      const conn = await port.closedConnection(0);
      assert.equal(conn.out.toString('latin1'), received);
      assert.equal(conn.endReason, 'closed-by-behaviour');
    } finally {
      await port.close();
    }
  });

  test('after a 101 the connection speaks another protocol: recorded, not parsed', async () => {
    const port = await openPort({
      kind: 'http',
      status: 101,
      reason: '',
      headers: [
        ['Upgrade', 'websocket'],
        ['Connection', 'Upgrade'],
      ],
      body: { format: 'text', value: 'ignored' },
    });
    try {
      const sent = 'GET / HTTP/1.1\r\nUpgrade: websocket\r\n\r\n\x81\x85not http at all\r\n\r\n';
      const received = await exchange(port.port, sent);
      assert.equal(
        received,
        'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n',
      );
      assert.equal((await port.closedConnection(0)).in.toString('latin1'), sent);
    } finally {
      await port.close();
    }
  });
});
