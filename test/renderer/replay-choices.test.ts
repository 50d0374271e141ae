// The Replay dialog's choices → the replayConnection request: targets, port checks, edits.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ListenerInfo } from '../../shared/model';
import {
  replayablePorts,
  replayRequest,
  type ReplayChoices,
} from '../../renderer/src/features/replay/replay-choices';
import { conn } from '../fixtures/snapshots';

const base: ReplayChoices = {
  target: 'same-port',
  listenerId: null,
  host: '127.0.0.1',
  port: '',
  pacing: 'fast',
  speed: 1,
  writes: null,
  allowRemote: false,
};

function listener(id: string, patch: Partial<ListenerInfo>): ListenerInfo {
  return {
    id,
    protocol: 'tcp',
    host: 'localhost',
    port: 5000,
    state: 'open',
    ...patch,
  } as ListenerInfo;
}

test('the same port is the default target, with nothing edited', () => {
  const built = replayRequest(conn(7), base, []);
  assert.deepEqual(built, {
    ok: true,
    request: {
      connectionId: 7,
      target: { kind: 'same-port' },
      pacing: 'fast',
      speed: 1,
      allowRemote: false,
    },
  });
});

test('a Porthole port is reached on the loopback address it binds', () => {
  const ports = [
    listener('a', { host: 'localhost', port: 6000 }),
    listener('b', { host: '::', port: 6001 }),
    listener('c', { host: '::1', port: 6002 }),
  ];
  const target = (id: string) => {
    const built = replayRequest(
      conn(1),
      { ...base, target: 'porthole-port', listenerId: id },
      ports,
    );
    return built.ok ? built.request.target : built.problem;
  };
  assert.deepEqual(target('a'), { kind: 'address', host: '127.0.0.1', port: 6000 });
  assert.deepEqual(target('b'), { kind: 'address', host: '::1', port: 6001 });
  assert.deepEqual(target('c'), { kind: 'address', host: '::1', port: 6002 });
  assert.match(String(target('gone')), /Choose one of Porthole/);
});

test('an address needs a host and a port from 1 to 65535', () => {
  const problem = (host: string, port: string) => {
    const built = replayRequest(conn(1), { ...base, target: 'address', host, port }, []);
    return built.ok ? null : built.problem;
  };
  assert.match(String(problem(' ', '80')), /Type the host/);
  for (const port of ['', '0', '65536', '8.5', 'http']) {
    assert.match(String(problem('localhost', port)), /whole number/, port);
  }
  assert.equal(problem('localhost', '8080'), null);
});

test('edited writes and the remote confirmation go into the request', () => {
  const writes = [{ format: 'text' as const, value: 'PING\\r\\n' }];
  const built = replayRequest(conn(3), { ...base, writes, allowRemote: true, pacing: 'turns' }, []);
  assert.ok(built.ok);
  assert.deepEqual(built.request.writes, writes);
  assert.equal(built.request.allowRemote, true);
  assert.equal(built.request.pacing, 'turns');
});

test('only open ports of the same protocol are offered', () => {
  const ports = replayablePorts(conn(1, { protocol: 'udp' }), [
    listener('tcp', {}),
    listener('udp-open', { protocol: 'udp' }),
    listener('udp-closed', { protocol: 'udp', state: 'closed' }),
  ]);
  assert.deepEqual(
    ports.map((l) => l.id),
    ['udp-open'],
  );
});
