// "localhost" ports bind both loopback families on one port, so a client reaches them however it
// resolves localhost; a port held on the other family by another process is named; a port in use
// names its holder and offers the next free port, which opens in one call.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ErrorInfo } from '../../../shared/errors';
import { ampleHolderLookups } from '../../support/ample-holder-lookups';
import { holdPortInChild } from '../../support/hold-port-child';
import {
  collect,
  connectClient,
  ipv6Available,
  startEngine,
  type Harness,
} from '../../support/engine-harness';

describe('dual-stack localhost and who holds the port', () => {
  let h: Harness;
  let v6 = false;
  ampleHolderLookups();
  before(async () => {
    h = startEngine();
    v6 = await ipv6Available();
  });
  after(() => h.close());

  it('localhost listens on 127.0.0.1 and ::1, same port, and shows each client’s family', async (t) => {
    if (!v6) {
      t.skip('::1 cannot be bound on this machine (IPv6 disabled)');
      return;
    }
    const listener = await h.must('openListener', { host: 'localhost', port: 0 });
    assert.deepEqual(
      listener.addresses.map((a) => `${a.family} ${a.address}`),
      ['IPv4 127.0.0.1', 'IPv6 ::1'],
    );
    assert.equal(listener.notice, null);
    const port = listener.port ?? 0;
    const v4Client = await connectClient(port, '127.0.0.1');
    const v6Client = await connectClient(port, '::1');
    const conns = await h.waitFor(async () => {
      const page = await h.must('listConnections', {});
      const mine = page.connections.filter((c) => c.listenerId === listener.id);
      return mine.length === 2 ? mine : undefined;
    }, 'both clients accepted');
    assert.deepEqual(conns.map((c) => [c.family, c.remoteAddress, c.remotePort]).sort(), [
      ['IPv4', '127.0.0.1', v4Client.localPort],
      ['IPv6', '::1', v6Client.localPort],
    ]);
    v4Client.end();
    v6Client.end();
    await Promise.all([collect(v4Client), collect(v6Client)]);
    await h.must('closeListener', { id: listener.id });
  });

  it('a port another process holds on ::1: localhost opens on 127.0.0.1 and says who is on ::1', async (t) => {
    if (!v6) {
      t.skip('::1 cannot be bound on this machine (IPv6 disabled)');
      return;
    }
    const held = await holdPortInChild('tcp', '::1');
    try {
      const listener = await h.must('openListener', { host: 'localhost', port: held.port });
      assert.equal(listener.state, 'open');
      assert.deepEqual(
        listener.addresses.map((a) => a.address),
        ['127.0.0.1'],
      );
      // Said at once, even before (or without) knowing who holds it...
      assert.equal(listener.notice?.code, 'OTHER_FAMILY_HELD');
      // ...then named once the lookup finds the holder (Linux reads /proc).
      const named = (n: ErrorInfo | null) =>
        n !== null && (process.platform !== 'linux' || (n.holders?.length ?? 0) > 0);
      const notice = await h.waitFor(async () => {
        const all = await h.must('listListeners', {});
        const current = all.find((l) => l.id === listener.id)?.notice ?? null;
        return named(current) ? (current ?? undefined) : undefined;
      }, 'the other-family notice naming the holder');
      assert.equal(notice.code, 'OTHER_FAMILY_HELD');
      assert.match(notice.message, new RegExp(`\\[::1\\]:${held.port}`));
      if (process.platform === 'linux') {
        const holder = notice.holders?.find((x) => x.pid === held.pid);
        assert.ok(holder, JSON.stringify(notice.holders));
        assert.equal(holder.name, 'node');
        assert.match(holder.commandLine ?? '', new RegExp(held.marker));
      }
      await h.must('closeListener', { id: listener.id });
    } finally {
      await held.stop();
    }
  });

  it('127.0.0.1 only: a holder of the same port on ::1 arrives as a notice', async (t) => {
    if (!v6 || process.platform !== 'linux') {
      t.skip(v6 ? 'holder lookup is exercised on Linux (/proc)' : 'no IPv6 on this machine');
      return;
    }
    const held = await holdPortInChild('tcp', '::1');
    try {
      const listener = await h.must('openListener', { host: '127.0.0.1', port: held.port });
      const batch = await h.waitForBatch(
        (b) => b.listeners.some((l) => l.id === listener.id && l.notice !== null),
        'notice batch',
      );
      const notice = batch.listeners.find((l) => l.id === listener.id)?.notice;
      assert.equal(notice?.code, 'OTHER_FAMILY_HELD');
      assert.ok(notice?.holders?.some((x) => x.pid === held.pid));
      await h.must('closeListener', { id: listener.id });
    } finally {
      await held.stop();
    }
  });

  it('port in use by another process: names it, and the next free port opens in one call', async () => {
    const held = await holdPortInChild('tcp', '127.0.0.1');
    try {
      const failed = await h.call('openListener', { host: '127.0.0.1', port: held.port });
      assert.ok(!failed.ok);
      assert.equal(failed.error.code, 'PORT_IN_USE');
      if (process.platform === 'linux') {
        assert.match(failed.error.message, new RegExp(`node \\(pid ${held.pid}\\)`));
        const holder = failed.error.holders?.find((x) => x.pid === held.pid);
        assert.equal(holder?.address, `127.0.0.1:${held.port}`);
        assert.match(holder?.commandLine ?? '', new RegExp(held.marker));
      }
      const next = failed.error.nextFreePort;
      assert.ok(next !== undefined && next > held.port);
      const entry = (await h.must('listListeners', {})).find(
        (l) => l.state === 'failed' && l.requestedPort === held.port,
      );
      assert.ok(entry);
      const moved = await h.must('reopenListener', { id: entry.id, port: next });
      assert.equal(moved.state, 'open');
      assert.equal(moved.port, next);
      assert.equal(moved.error, null);
      await h.must('closeListener', { id: entry.id });
    } finally {
      await held.stop();
    }
  });

  it('suggestPort: a free port on both families, and the first free one after a given port', async () => {
    const { port } = await h.must('suggestPort', { host: 'localhost' });
    const opened = await h.must('openListener', { host: 'localhost', port });
    assert.equal(opened.port, port);
    const { port: next } = await h.must('suggestPort', { host: 'localhost', after: port - 1 });
    assert.ok(next > port, `${next} skips the port we now hold (${port})`);
    await h.must('closeListener', { id: opened.id });
  });
});
