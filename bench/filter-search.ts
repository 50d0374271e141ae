// Filtering and searching at scale:
// - the connection filter the renderer runs over 100,000 connections (address substring,
//   protocol, state and size together), against a plain one-field Array.filter over the same
//   snapshots in the same run;
// - the engine's payload search (findConnections, paged as the UI pages it) over 200 captured
//   connections of 1 MiB each, against Buffer.indexOf over the same bytes in one buffer.
import { connect } from 'node:net';
import { once } from 'node:events';
import { dispatchCommand } from '../shared/contract';
import type { ConnectionInfo, DetectedProtocol, ListenerInfo } from '../shared/model';
import { createEngine } from '../engine';
import { compileFilter, EMPTY_FILTER } from '../renderer/src/store/connection-filter';
import { closed, conn } from '../test/fixtures/snapshots';
import { median } from './median';

function timeMs(fn: () => unknown, rounds = 21): number {
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

const KINDS: readonly DetectedProtocol[] = ['http', 'tls', 'redis', 'text', 'binary'];

function connections(count: number): ConnectionInfo[] {
  const all: ConnectionInfo[] = [];
  for (let id = 1; id <= count; id++) {
    const bytes = (id * 7919) % 100_000;
    const patch = {
      listenerId: `l${id % 4}`,
      remotePort: 10_000 + (id % 50_000),
      detected: { in: KINDS[id % KINDS.length] ?? null, out: null },
      in: { received: bytes, captured: bytes, dropped: 0, chunks: 1 },
    };
    all.push(id % 3 === 0 ? conn(id, patch) : closed(id, patch));
  }
  return all;
}

export interface FilterResult {
  readonly connections: number;
  readonly matched: number;
  readonly filterMs: number;
  readonly baselineMs: number;
}

export function measureFilter(count = 100_000): FilterResult {
  const all = connections(count);
  const predicate = compileFilter({
    ...EMPTY_FILTER,
    address: '127.0.0.1:1',
    protocol: 'http',
    state: 'closed',
    minBytes: 10_000,
  });
  let matched = 0;
  const filterMs = timeMs(() => (matched = all.filter(predicate).length));
  const baselineMs = timeMs(() => all.filter((c) => c.listenerId === 'l1').length);
  return { connections: count, matched, filterMs, baselineMs };
}

export interface SearchResult {
  readonly bytes: number;
  readonly calls: number;
  readonly searchMs: number;
  readonly baselineMs: number;
}

/** 200 connections of 1 MiB each; the pattern is in the last one's last bytes. */
export async function measurePayloadSearch(count = 200, each = 1024 * 1024): Promise<SearchResult> {
  const engine = createEngine();
  const call = (name: string, args: unknown) => dispatchCommand(engine.handlers, name, args);
  try {
    const opened = await call('openListener', { host: '127.0.0.1', port: 0 });
    if (!opened.ok) throw new Error(opened.error.message);
    const port = (opened.value as ListenerInfo).port ?? 0;
    const filler = Buffer.alloc(each, 'porthole filler ');
    const contiguous: Buffer[] = [];
    for (let i = 0; i < count; i++) {
      const data = i === count - 1 ? Buffer.from(filler) : filler;
      if (i === count - 1) data.write('NEEDLE-4711', each - 11);
      contiguous.push(data);
      const socket = connect({ host: '127.0.0.1', port });
      await once(socket, 'connect');
      socket.end(data);
      await once(socket, 'close');
    }
    const pattern = { format: 'text', value: 'NEEDLE-4711' };
    let calls = 0;
    const search = async () => {
      let afterId: number | null = 0;
      const ids: number[] = [];
      calls = 0;
      while (afterId !== null) {
        const page = await call('findConnections', { pattern, afterId });
        if (!page.ok) throw new Error(page.error.message);
        const value = page.value as { ids: number[]; nextAfterId: number | null };
        ids.push(...value.ids);
        afterId = value.nextAfterId;
        calls++;
      }
      if (ids.length !== 1) throw new Error(`found ${ids.length} connections: benchmark invalid`);
    };
    const samples: number[] = [];
    for (let i = 0; i < 7; i++) {
      const start = performance.now();
      await search();
      samples.push(performance.now() - start);
    }
    const all = Buffer.concat(contiguous);
    const baselineMs = timeMs(() => all.indexOf('NEEDLE-4711'), 7);
    return { bytes: count * each, calls, searchMs: median(samples), baselineMs };
  } finally {
    await engine.close();
  }
}
