// Listeners on real loopback ports: open/close, bound port, bind failures with typed errors,
// retry, several at once, removal.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CAPTURE, NO_FAULTS } from '../../../shared/behaviours';
import { bindError } from '../../../engine/net/bind-error';
import { EngineCore } from '../../../engine/core/engine-core';
import { TcpListener } from '../../../engine/tcp/tcp-listener';
import {
  connectClient,
  connectError,
  ipv6Available,
  startEngine,
  type Harness,
} from '../../support/engine-harness';
import { ampleHolderLookups } from '../../support/ample-holder-lookups';
import { holdPort } from '../../support/hold-port';

describe('listeners', () => {
  // PORT_IN_USE must name this process as the holder, whatever the machine's load.
  ampleHolderLookups();
  let h: Harness;
  before(() => {
    h = startEngine();
  });
  after(() => h.close());

  it('opens on port 0, reports the bound port, accepts, and closes', async () => {
    const listener = await h.open(0);
    assert.equal(listener.state, 'open');
    assert.equal(listener.requestedPort, 0);
    assert.ok(listener.port !== null && listener.port > 0, 'bound port is reported');
    assert.equal(listener.host, '127.0.0.1');
    assert.equal(listener.exposed, false);
    assert.equal(listener.error, null);
    assert.equal(typeof listener.openedAt, 'number');

    const port = listener.port;
    const client = await connectClient(port);
    const accepted = await h.waitForBatch((b) =>
      b.listeners.some((l) => l.id === listener.id && l.connectionsTotal === 1),
    );
    assert.ok(accepted.stats.connectionsTotal >= 1);
    client.destroy();

    const closed = await h.must('closeListener', { id: listener.id });
    assert.equal(closed.state, 'closed');
    assert.equal(closed.port, port, 'bound port kept after closing');
    assert.equal(typeof closed.closedAt, 'number');
    assert.equal(await connectError(port), 'ECONNREFUSED');

    const reopened = await h.must('reopenListener', { id: listener.id });
    assert.equal(reopened.state, 'open');
    assert.equal(reopened.port, port, 'reopens on the port it had');
    assert.equal(await connectError(port), null);
    await h.must('closeListener', { id: listener.id });
  });

  it('reports open and closed listeners in batches and stats', async () => {
    const listener = await h.open(0);
    const opened = await h.waitForBatch((b) =>
      b.listeners.some((l) => l.id === listener.id && l.state === 'open'),
    );
    assert.ok(opened.stats.listenersOpen >= 1);
    const before = (await h.must('getStats', {})).listenersOpen;
    await h.must('closeListener', { id: listener.id });
    const closed = await h.waitForBatch((b) =>
      b.listeners.some((l) => l.id === listener.id && l.state === 'closed'),
    );
    assert.equal(closed.stats.listenersOpen, before - 1);
  });

  it('runs several listeners at once, each counting its own connections', async () => {
    const a = await h.open(0);
    const b = await h.open(0);
    assert.notEqual(a.port, b.port);
    const c1 = await connectClient(a.port ?? 0);
    const c2 = await connectClient(b.port ?? 0);
    const c3 = await connectClient(b.port ?? 0);
    const counts = await h.waitFor(async () => {
      const list = await h.must('listListeners', {});
      const totals = [a, b].map((l) => list.find((x) => x.id === l.id)?.connectionsTotal);
      return totals[0] === 1 && totals[1] === 2 ? totals : undefined;
    }, 'one connection on a, two on b');
    assert.deepEqual(counts, [1, 2]);
    for (const socket of [c1, c2, c3]) socket.destroy();
    await h.must('closeListener', { id: a.id });
    await h.must('closeListener', { id: b.id });
  });

  it('fails with PORT_IN_USE when a plain net server holds the port, then retries', async () => {
    const { server, port } = await holdPort();
    const result = await h.call('openListener', { host: '127.0.0.1', port });
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.error.code, 'PORT_IN_USE');
    assert.match(!result.ok ? result.error.message : '', new RegExp(`127\\.0\\.0\\.1:${port}`));
    // Who holds it: this test process, named, with the next port free on the same address.
    const holders = !result.ok ? (result.error.holders ?? []) : [];
    if (process.platform === 'linux') {
      assert.ok(
        holders.some((holder) => holder.pid === process.pid),
        JSON.stringify(holders),
      );
      assert.match(!result.ok ? result.error.message : '', new RegExp(`\\(pid ${process.pid}\\)`));
    }
    const next = !result.ok ? result.error.nextFreePort : undefined;
    assert.ok(next !== undefined && next > port, `next free port after ${port}: ${next}`);

    const listed = await h.must('listListeners', {});
    const failed = listed.find((l) => l.requestedPort === port);
    assert.ok(failed, 'the failed listener stays in the list');
    assert.equal(failed.state, 'failed');
    assert.equal(failed.error?.code, 'PORT_IN_USE');

    const stillHeld = await h.call('reopenListener', { id: failed.id });
    assert.equal(!stillHeld.ok && stillHeld.error.code, 'PORT_IN_USE');

    await new Promise<void>((resolve) => server.close(() => resolve()));
    const retried = await h.must('reopenListener', { id: failed.id });
    assert.equal(retried.state, 'open');
    assert.equal(retried.port, port);
    assert.equal(retried.error, null);
    await h.must('closeListener', { id: failed.id });
  });

  it('an overlapping listener of ours is named (PORT_ALREADY_OPEN), not a mystery', async () => {
    // Ours on all IPv4 interfaces holds the port for 127.0.0.1 and for localhost too.
    const holder = await h.open(0, '0.0.0.0');
    const port = holder.port ?? 0;
    for (const host of ['127.0.0.1', 'localhost'] as const) {
      const second = await h.call('openListener', { host, port });
      assert.equal(!second.ok && second.error.code, 'PORT_ALREADY_OPEN', host);
      assert.match(!second.ok ? second.error.message : '', new RegExp(`0\\.0\\.0\\.0:${port}`));
    }
    await h.must('closeListener', { id: holder.id });
    const opened = await h.must('openListener', { host: '127.0.0.1', port });
    assert.equal(opened.state, 'open');
    await h.must('closeListener', { id: opened.id });
  });

  it('the same address asked for twice: PORT_ALREADY_OPEN, and no second entry', async () => {
    const holder = await h.open(0);
    const port = holder.port ?? 0;
    const again = await h.call('openListener', { host: '127.0.0.1', port });
    assert.equal(!again.ok && again.error.code, 'PORT_ALREADY_OPEN');
    assert.match(!again.ok ? again.error.message : '', /already has 127\.0\.0\.1:\d+/);
    const same = (await h.must('listListeners', {})).filter((l) => l.port === port);
    assert.equal(same.length, 1, 'no failed duplicate was added');
    await h.must('closeListener', { id: holder.id });
  });

  it('opening a failed or closed address again retries that entry instead of adding one', async () => {
    const { server, port } = await holdPort();
    const first = await h.call('openListener', { host: '127.0.0.1', port });
    assert.equal(!first.ok && first.error.code, 'PORT_IN_USE');
    const second = await h.call('openListener', { host: '127.0.0.1', port });
    assert.equal(!second.ok && second.error.code, 'PORT_IN_USE');
    const entries = () =>
      h.must('listListeners', {}).then((all) => all.filter((l) => l.requestedPort === port));
    assert.equal((await entries()).length, 1, 'failed attempts do not pile up');

    await new Promise<void>((resolve) => server.close(() => resolve()));
    const opened = await h.must('openListener', { host: '127.0.0.1', port });
    assert.equal(opened.state, 'open');
    const [only] = await entries();
    assert.equal(only?.id, opened.id);
    await h.must('closeListener', { id: opened.id });
  });

  it('rejects invalid ports with INVALID_PORT before touching the network', async () => {
    for (const port of [-1, 65536, 1.5, '80', null]) {
      const result = await h.call('openListener', { host: '127.0.0.1', port } as never);
      assert.equal(result.ok, false, `port ${String(port)}`);
      assert.equal(!result.ok && result.error.code, 'INVALID_PORT', `port ${String(port)}`);
    }
    const badHost = await h.call('openListener', { host: '10.0.0.1', port: 0 } as never);
    assert.equal(!badHost.ok && badHost.error.code, 'INVALID_ARGUMENT');
  });

  it('maps a privileged port to PORT_PRIVILEGED', async (t) => {
    const result = await h.call('openListener', { host: '127.0.0.1', port: 1 });
    if (result.ok) {
      t.diagnostic(
        'binding port 1 succeeded (running as root or ip_unprivileged_port_start=0); ' +
          'checking the errno mapping on an EACCES error instead',
      );
      await h.must('closeListener', { id: result.value.id });
      const eacces = Object.assign(new Error('listen EACCES: permission denied 127.0.0.1:1'), {
        code: 'EACCES',
      });
      assert.equal(bindError(eacces, { host: '127.0.0.1', port: 1 }).code, 'PORT_PRIVILEGED');
      return;
    }
    assert.equal(result.error.code, 'PORT_PRIVILEGED');
  });

  it('removes only closed or failed listeners, and tells every subscriber', async () => {
    const listener = await h.open(0);
    const busy = await h.call('removeListener', { id: listener.id });
    assert.equal(!busy.ok && busy.error.code, 'LISTENER_BUSY');
    await h.must('closeListener', { id: listener.id });
    assert.equal(await h.must('removeListener', { id: listener.id }), null);
    await h.waitForBatch((b) => b.removedListeners.includes(listener.id));
    const list = await h.must('listListeners', {});
    assert.ok(!list.some((l) => l.id === listener.id));
    const gone = await h.call('closeListener', { id: listener.id });
    assert.equal(!gone.ok && gone.error.code, 'LISTENER_NOT_FOUND');
    const again = await h.call('reopenListener', { id: listener.id });
    assert.equal(!again.ok && again.error.code, 'LISTENER_NOT_FOUND');
  });

  it('suggests a port that can then be opened', async () => {
    const { port } = await h.must('suggestPort', {});
    assert.ok(port > 0 && port <= 65535);
    const listener = await h.open(port);
    assert.equal(listener.port, port);
    await h.must('closeListener', { id: listener.id });
  });

  it('errors at runtime are reported on the listener, never thrown', async () => {
    const states: string[] = [];
    const core = new EngineCore({ batchIntervalMs: 5 });
    const listener = new TcpListener({
      id: 'lx',
      host: '127.0.0.1',
      requestedPort: 0,
      behaviour: CAPTURE,
      faults: NO_FAULTS,
      context: {
        ...core.context,
        added: () => {
          throw new Error('recorder exploded');
        },
        listenerChanged: (l) => states.push(l.state),
      },
    });
    const opened = await listener.open();
    assert.ok(opened.ok);
    // A failure while accepting costs that one connection, not the process or the port.
    const client = await connectClient(listener.port ?? 0);
    await new Promise<void>((resolve) => client.once('close', () => resolve()));
    assert.equal(listener.state, 'open');
    assert.equal(listener.error?.code, 'INTERNAL');
    assert.match(listener.error?.message ?? '', /recorder exploded/);
    // (An accept error from the OS, out of file descriptors, is open-files-limit.test.ts.)
    await listener.close();
    await core.close();
    assert.deepEqual(states, ['opening', 'open', 'open', 'closing', 'closed']);
  });

  it('listens on ::1 and records IPv6 connections', async (t) => {
    if (!(await ipv6Available())) {
      t.skip('::1 cannot be bound on this machine (IPv6 disabled)');
      return;
    }
    const listener = await h.open(0, '::1');
    assert.equal(listener.host, '::1');
    const client = await connectClient(listener.port ?? 0, '::1');
    const conn = await h.waitForBatch((b) =>
      b.connections.some((c) => c.listenerId === listener.id),
    );
    const info = conn.connections.find((c) => c.listenerId === listener.id);
    assert.equal(info?.family, 'IPv6');
    assert.equal(info?.remoteAddress, '::1');
    assert.equal(info?.localAddress, '::1');
    assert.equal(info?.localPort, listener.port);
    assert.equal(info?.remotePort, client.localPort);
    client.destroy();
    await h.must('closeListener', { id: listener.id });
  });
});
