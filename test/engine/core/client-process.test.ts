// The engine names the program behind each accepted connection and UDP peer: a child process
// over IPv4, over IPv6 and over UDP is named with its pid; a client in this process with ours;
// a client that exits at once is named or "unknown", never another program.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ConnectionInfo } from '../../../shared/model';
import { connectClient, startEngine, type Harness } from '../../support/engine-harness';
import { startClientChild } from '../../support/client-child';

const linux = process.platform === 'linux';

async function newConnectionOn(h: Harness, listenerId: string, remotePort: number) {
  return h.waitFor(async () => {
    const list = await h.must('listConnections', {});
    return list.connections.find((c) => c.listenerId === listenerId && c.remotePort === remotePort);
  }, `the connection from port ${remotePort}`);
}

const named = (h: Harness, conn: ConnectionInfo) =>
  h.waitForConnection(conn.id, (c) => c.client !== null, `a client for #${conn.id}`);

describe(
  'client process',
  {
    skip: linux
      ? false
      : 'reads /proc (Linux); other systems have their own tests on recorded output',
  },
  () => {
    let h: Harness;
    before(() => {
      h = startEngine();
    });
    after(() => h.close());

    for (const host of ['127.0.0.1', '::1'] as const) {
      it(`names a child process connecting over ${host === '::1' ? 'IPv6' : 'IPv4'}`, async (t) => {
        const port = await h.open(0, host);
        const child = startClientChild('tcp', host, port.port ?? 0);
        t.after(() => child.stop());
        const { localPort } = await child.next<{ localPort: number }>('the child to connect');
        const conn = await newConnectionOn(h, port.id, localPort);
        const client = (await named(h, conn)).client;
        assert.equal(client?.kind, 'process', JSON.stringify(client));
        if (client?.kind !== 'process') return;
        assert.equal(client.pid, child.pid);
        assert.equal(client.name, 'node');
        assert.ok(client.commandLine?.includes(child.marker), client.commandLine ?? '');
      });
    }

    it('names a UDP peer in a child process', async (t) => {
      const port = await h.must('openListener', { protocol: 'udp', host: '127.0.0.1', port: 0 });
      const child = startClientChild('udp', '127.0.0.1', port.port ?? 0);
      t.after(() => child.stop());
      const { localPort } = await child.next<{ localPort: number }>('the child to send');
      const conn = await newConnectionOn(h, port.id, localPort);
      const client = (await named(h, conn)).client;
      assert.equal(client?.kind === 'process' ? client.pid : JSON.stringify(client), child.pid);
    });

    it('names this process for a client of its own', async () => {
      const port = await h.open();
      const socket = await connectClient(port.port ?? 0);
      const conn = await newConnectionOn(h, port.id, socket.localPort ?? 0);
      const client = (await named(h, conn)).client;
      socket.destroy();
      assert.equal(client?.kind === 'process' ? client.pid : JSON.stringify(client), process.pid);
    });

    it('a client that exits at once is named correctly or unknown, never wrongly', async () => {
      const port = await h.open();
      const child = startClientChild('tcp-exit', '127.0.0.1', port.port ?? 0);
      await child.exited();
      const conn = await h.waitFor(async () => {
        const list = await h.must('listConnections', {});
        return list.connections.find((c) => c.listenerId === port.id);
      }, 'the connection');
      const client = (await named(h, conn)).client;
      if (client?.kind === 'process') assert.equal(client.pid, child.pid);
      else assert.equal(client?.kind, 'unknown');
    });

    it('a replay is Porthole’s own connection: no lookup for it', async () => {
      const port = await h.must('openListener', {
        host: '127.0.0.1',
        port: 0,
        behaviour: { kind: 'echo' },
      });
      const socket = await connectClient(port.port ?? 0);
      socket.end('x');
      const conn = await newConnectionOn(h, port.id, socket.localPort ?? 0);
      await h.waitForConnection(conn.id, (c) => c.state === 'closed');
      const replay = await h.must('replayConnection', { connectionId: conn.id });
      const done = await h.waitForConnection(replay.id, (c) => c.state === 'closed');
      assert.equal(done.client, null);
    });
  },
);
