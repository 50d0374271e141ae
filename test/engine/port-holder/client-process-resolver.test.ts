// The client-process resolver's queue: batching, one batch at a time, rate, bounds in size and
// time, sharing, shutdown, and no timers left when idle. Lookups are injected here, so each rule
// is checked exactly; the real lookup on real sockets is in client-process-real.test.ts.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, it, type TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { ClientProcess } from '../../../shared/client-process';
import {
  createClientProcessResolver,
  type ClientBatchReport,
  type ClientQuery,
} from '../../../engine/port-holder';
import type {
  ClientBatchLookup,
  ClientLookupContext,
} from '../../../engine/port-holder/client-lookup';
import type { CanonicalClientQuery } from '../../../engine/port-holder/client-query';
import { within } from '../../support/within';

/** Captured before any test mocks the timers: lets promise chains run while the clock stands still. */
const realSetImmediate = setImmediate;
const turn = (): Promise<void> => new Promise((resolve) => realSetImmediate(resolve));

const query = (remotePort: number, remoteAddress = '127.0.0.1'): ClientQuery => ({
  protocol: 'tcp',
  localAddress: remoteAddress.includes(':') ? remoteAddress : '127.0.0.1',
  localPort: 8080,
  remoteAddress,
  remotePort,
});

const named = (pid: number): ClientProcess => ({
  kind: 'process',
  pid,
  name: `p${pid}`,
  commandLine: null,
  user: 'alice',
});

interface Call {
  readonly queries: readonly CanonicalClientQuery[];
  readonly context: ClientLookupContext;
  /** Let the lookup answer everything (pid = client port) and return. */
  finish(): void;
}

/** A lookup that waits until the test finishes each call; records every call. */
function gatedLookup(): { lookup: ClientBatchLookup; calls: Call[]; inFlight: () => number } {
  const calls: Call[] = [];
  let running = 0;
  const lookup: ClientBatchLookup = async (queries, context) => {
    running += 1;
    let finish = (): void => undefined;
    const gate = new Promise<void>((resolve) => {
      finish = resolve;
    });
    calls.push({ queries, context, finish });
    await gate;
    queries.forEach((q, i) => context.settle(i, named(q.remotePort)));
    running -= 1;
  };
  return { lookup, calls, inFlight: () => running };
}

/** Answers everything at once. */
const instantLookup: ClientBatchLookup = async (queries, context) => {
  queries.forEach((q, i) => context.settle(i, named(q.remotePort)));
};

const everyAddressLocal = (): boolean => true;

/** performance.now, setTimeout and setImmediate move only when `advance` says. */
function injectedClock(t: TestContext): { advance(ms: number): Promise<void>; now(): number } {
  let now = 0;
  t.mock.method(performance, 'now', () => now);
  t.mock.timers.enable({ apis: ['setTimeout', 'setImmediate'] });
  return {
    now: () => now,
    async advance(ms) {
      now += ms;
      t.mock.timers.tick(ms);
      for (let i = 0; i < 5; i += 1) await turn();
    },
  };
}

function settledState(answer: Promise<ClientProcess>): () => ClientProcess | undefined {
  let value: ClientProcess | undefined;
  void answer.then((v) => {
    value = v;
  });
  return () => value;
}

describe('client process resolver: batching', () => {
  it('looks up connections accepted together in one batch, answering each', async () => {
    let calls = 0;
    const resolver = createClientProcessResolver({
      isLocalAddress: everyAddressLocal,
      lookup: async (queries, context) => {
        calls += 1;
        await instantLookup(queries, context);
      },
    });
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => resolver.resolve(query(40000 + i))),
    );
    assert.equal(calls, 1);
    assert.deepEqual(
      answers.map((a) => a.kind === 'process' && a.pid),
      Array.from({ length: 50 }, (_, i) => 40000 + i),
    );
    assert.equal(resolver.stats().named, 50);
    resolver.close();
  });

  it('runs one batch at a time; what arrives meanwhile goes into the next, at most maxBatchSize', async () => {
    const { lookup, calls, inFlight } = gatedLookup();
    let most = 0;
    const resolver = createClientProcessResolver({
      isLocalAddress: everyAddressLocal,
      batchDelayMs: 0,
      maxBatchSize: 3,
      lookup: async (queries, context) => {
        const done = lookup(queries, context);
        most = Math.max(most, inFlight());
        await done;
      },
    });
    const first = resolver.resolve(query(1));
    await turn();
    assert.equal(calls.length, 1);
    const later = [2, 3, 4, 5].map((port) => resolver.resolve(query(port)));
    for (let i = 0; i < 5; i += 1) await turn();
    assert.equal(calls.length, 1, 'no second batch while the first is in flight');
    calls[0]?.finish();
    assert.equal((await first).kind, 'process');
    await within(
      (async () => {
        while (calls.length < 2) await turn();
      })(),
      'the second batch',
    );
    assert.deepEqual(
      calls[1]?.queries.map((q) => q.remotePort),
      [2, 3, 4],
    );
    calls[1]?.finish();
    while (calls.length < 3) await turn();
    assert.deepEqual(
      calls[2]?.queries.map((q) => q.remotePort),
      [5],
    );
    calls[2]?.finish();
    assert.deepEqual(
      (await Promise.all(later)).map((a) => a.kind === 'process' && a.pid),
      [2, 3, 4, 5],
    );
    assert.equal(most, 1);
    resolver.close();
  });

  it('spaces batch starts by batchDelayMs, and rests as long as a slow batch took', async (t) => {
    const clock = injectedClock(t);
    const starts: number[] = [];
    let took = 0;
    const resolver = createClientProcessResolver({
      isLocalAddress: everyAddressLocal,
      batchDelayMs: 20,
      lookup: async (queries, context) => {
        starts.push(clock.now());
        if (took > 0) {
          // Stands for a slow scan: the batch ends once the clock has moved on.
          const end = clock.now() + took;
          while (clock.now() < end) await turn();
        }
        await instantLookup(queries, context);
      },
    });
    const a = settledState(resolver.resolve(query(1)));
    await clock.advance(0);
    assert.deepEqual(starts, [0], 'idle: the first query starts a batch at once');
    assert.equal(a()?.kind, 'process');

    const b = settledState(resolver.resolve(query(2)));
    await clock.advance(19);
    assert.deepEqual(starts, [0], 'not before 20 ms after the previous start');
    await clock.advance(1);
    assert.deepEqual(starts, [0, 20]);
    assert.equal(b()?.kind, 'process');

    took = 50;
    const c = settledState(resolver.resolve(query(3)));
    await clock.advance(20);
    assert.deepEqual(starts, [0, 20, 40]);
    await clock.advance(50);
    assert.equal(c()?.kind, 'process', 'the slow batch ended at 90');
    took = 0;
    const d = settledState(resolver.resolve(query(4)));
    await clock.advance(49);
    assert.equal(starts.length, 3, 'it lasted 50 ms, so the next waits 50 ms after it ended');
    await clock.advance(1);
    assert.deepEqual(starts, [0, 20, 40, 140]);
    assert.equal(d()?.kind, 'process');
    resolver.close();
  });

  it('hands out answers as the lookup settles them, before the batch ends', async () => {
    let release = (): void => undefined;
    const resolver = createClientProcessResolver({
      isLocalAddress: everyAddressLocal,
      lookup: async (_queries, context) => {
        context.settle(0, named(7));
        await new Promise<void>((resolve) => {
          release = resolve;
        });
        context.settle(1, named(8));
      },
    });
    const first = resolver.resolve(query(1));
    const second = settledState(resolver.resolve(query(2)));
    assert.deepEqual(await first, named(7));
    assert.equal(second(), undefined);
    release();
    resolver.close();
  });
});

describe('client process resolver: bounds', () => {
  it('answers busy beyond maxPending at once, without queueing', async () => {
    const { lookup, calls } = gatedLookup();
    const resolver = createClientProcessResolver({
      isLocalAddress: everyAddressLocal,
      maxPending: 3,
      lookup,
    });
    const answers = [1, 2, 3, 4, 5].map((port) => settledState(resolver.resolve(query(port))));
    await turn();
    await turn();
    assert.deepEqual(
      answers.map((a) => a()),
      [
        undefined,
        undefined,
        undefined,
        { kind: 'unknown', reason: 'busy', user: null },
        { kind: 'unknown', reason: 'busy', user: null },
      ],
    );
    calls[0]?.finish();
    while (answers[2]?.() === undefined) await turn();
    assert.equal(resolver.stats().unknown.busy, 2);
    assert.equal(settledState(resolver.resolve(query(6)))(), undefined, 'room again');
    resolver.close();
  });

  it('answers timeout at each deadline, with the user known so far, and stops the lookup', async (t) => {
    const clock = injectedClock(t);
    let signal: AbortSignal | undefined;
    const batches: ClientBatchReport[] = [];
    const resolver = createClientProcessResolver({
      isLocalAddress: everyAddressLocal,
      timeoutMs: 100,
      onBatch: (report) => batches.push(report),
      lookup: async (queries, context) => {
        signal = context.signal;
        context.hint(0, 'alice');
        // Never answers; returns only once told to stop.
        await new Promise((resolve) => context.signal.addEventListener('abort', resolve));
      },
    });
    const first = settledState(resolver.resolve(query(1)));
    await clock.advance(30);
    // Waits in the queue behind the stuck batch; its own deadline is at 130.
    const second = settledState(resolver.resolve(query(2)));
    await clock.advance(69);
    assert.equal(first(), undefined, 'still looking 1 ms before the deadline');
    assert.equal(signal?.aborted, false);
    await clock.advance(1);
    assert.deepEqual(first(), { kind: 'unknown', reason: 'timeout', user: 'alice' });
    assert.equal(signal?.aborted, true, 'the lookup is told to stop');
    assert.equal(second(), undefined);
    await clock.advance(29);
    assert.equal(second(), undefined);
    await clock.advance(1);
    // It never reached a lookup (the first batch rests as long as it lasted), so no user is known.
    assert.deepEqual(second(), { kind: 'unknown', reason: 'timeout', user: null });
    assert.equal(batches[0]?.unknown.timeout, 1);
    resolver.close();
  });

  it('answers failed when the lookup throws or leaves a query unanswered', async () => {
    const throwing = createClientProcessResolver({
      isLocalAddress: everyAddressLocal,
      lookup: async (_queries, context) => {
        context.hint(0, 'bob');
        throw new Error('boom');
      },
    });
    assert.deepEqual(await throwing.resolve(query(1)), {
      kind: 'unknown',
      reason: 'failed',
      user: 'bob',
    });
    throwing.close();
    const forgetful = createClientProcessResolver({
      isLocalAddress: everyAddressLocal,
      lookup: async (_queries, context) => context.settle(0, named(1)),
    });
    const [a, b] = await Promise.all([forgetful.resolve(query(1)), forgetful.resolve(query(2))]);
    assert.deepEqual([a.kind, b], ['process', { kind: 'unknown', reason: 'failed', user: null }]);
    forgetful.close();
  });

  it('moves on without a lookup that ignores the stop', async (t) => {
    const clock = injectedClock(t);
    let calls = 0;
    const resolver = createClientProcessResolver({
      isLocalAddress: everyAddressLocal,
      timeoutMs: 1500,
      lookup: (queries, context) => {
        calls += 1;
        if (calls > 1) return instantLookup(queries, context);
        return new Promise(() => undefined);
      },
    });
    const first = settledState(resolver.resolve(query(1)));
    await clock.advance(1500);
    assert.deepEqual(first(), { kind: 'unknown', reason: 'timeout', user: null });
    // Abandoned 2 s after the stop, at 3500. It lasted 3500 ms and the rest after a batch is
    // capped at 250 ms, so the next batch may start at 3750.
    await clock.advance(2000);
    const second = settledState(resolver.resolve(query(2)));
    await clock.advance(249);
    assert.equal(calls, 1);
    await clock.advance(1);
    assert.equal(calls, 2);
    assert.equal(second()?.kind, 'process');
    resolver.close();
  });
});

describe('client process resolver: answers without a lookup', () => {
  it('answers remote-host for addresses not on this machine, and looks up local ones', async () => {
    const seen: string[] = [];
    const resolver = createClientProcessResolver({
      lookup: async (queries, context) => {
        seen.push(...queries.map((q) => q.remoteIp));
        await instantLookup(queries, context);
      },
    });
    assert.deepEqual(await resolver.resolve(query(1, '192.0.2.10')), { kind: 'remote-host' });
    assert.deepEqual(await resolver.resolve(query(2, '2001:db8::7')), { kind: 'remote-host' });
    assert.deepEqual(await resolver.resolve(query(3, '::ffff:198.51.100.1')), {
      kind: 'remote-host',
    });
    assert.deepEqual(seen, []);
    assert.equal((await resolver.resolve(query(4, '127.0.0.2'))).kind, 'process');
    assert.equal((await resolver.resolve(query(5, '::ffff:127.0.0.1'))).kind, 'process');
    assert.equal((await resolver.resolve(query(6, '::1'))).kind, 'process');
    assert.deepEqual(seen, ['127.0.0.2', '127.0.0.1', '::1']);
    assert.equal(resolver.stats().remoteHost, 3);
    resolver.close();
  });

  it('answers unsupported for malformed queries and where the OS has no lookup', async () => {
    const resolver = createClientProcessResolver({ lookup: null });
    assert.deepEqual(await resolver.resolve(query(1)), {
      kind: 'unknown',
      reason: 'unsupported',
      user: null,
    });
    assert.deepEqual(await resolver.resolve(query(2, '192.0.2.1')), { kind: 'remote-host' });
    assert.equal((await resolver.resolve({ ...query(1), remotePort: 0 })).kind === 'unknown', true);
    assert.equal(
      (await resolver.resolve({ ...query(1), remoteAddress: 'localhost' })).kind === 'unknown',
      true,
    );
    resolver.close();
  });

  it('shares one lookup between the same question asked twice, however it is spelled', async () => {
    const { lookup, calls } = gatedLookup();
    const resolver = createClientProcessResolver({ isLocalAddress: everyAddressLocal, lookup });
    const plain = resolver.resolve(query(5));
    const mapped = resolver.resolve({
      ...query(5),
      localAddress: '::ffff:127.0.0.1',
      remoteAddress: '::ffff:127.0.0.1',
    });
    await turn();
    assert.equal(calls[0]?.queries.length, 1);
    calls[0]?.finish();
    assert.deepEqual(await plain, await mapped);
    assert.equal(resolver.stats().answered, 2);
    resolver.close();
  });

  it('close answers everything pending with closed, stops the lookup, and refuses new questions', async () => {
    const { lookup, calls } = gatedLookup();
    const resolver = createClientProcessResolver({
      isLocalAddress: everyAddressLocal,
      lookup,
    });
    const inBatch = resolver.resolve(query(1));
    await turn();
    const queued = resolver.resolve(query(2));
    resolver.close();
    const closed = { kind: 'unknown', reason: 'closed', user: null };
    assert.deepEqual(await inBatch, closed);
    assert.deepEqual(await queued, closed);
    assert.equal(calls[0]?.context.signal.aborted, true);
    assert.deepEqual(await resolver.resolve(query(3)), closed);
    calls[0]?.finish();
  });
});

describe('client process resolver: idle', () => {
  it('leaves no timer running: a process that used it exits by itself, without close()', async (t) => {
    const index = fileURLToPath(new URL('../../../engine/port-holder/index.ts', import.meta.url));
    // A 60 s timeout: a sweep timer left armed would keep the process alive that long.
    const script = `
      import { createServer, connect } from 'node:net';
      import { createClientProcessResolver } from ${JSON.stringify(index)};
      const resolver = createClientProcessResolver({ timeoutMs: 60000 });
      const server = createServer(async (socket) => {
        const answer = await resolver.resolve({
          protocol: 'tcp',
          localAddress: socket.localAddress,
          localPort: socket.localPort,
          remoteAddress: socket.remoteAddress,
          remotePort: socket.remotePort,
        });
        console.log(JSON.stringify({ answer, at: performance.now() }));
        socket.destroy();
        client.destroy();
        server.close();
      });
      await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
      const client = connect(server.address().port, '127.0.0.1');
      process.on('exit', () => console.log(JSON.stringify({ exitAt: performance.now() })));
    `;
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      {
        cwd: fileURLToPath(new URL('../../..', import.meta.url)),
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let output = '';
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (text: string) => {
      output += text;
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    let code: number | null;
    try {
      code = await within(exited, 'the process to exit by itself', 30_000);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill();
    }
    assert.equal(code, 0);
    const [first, second] = output
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const answer = first?.answer as ClientProcess | undefined;
    assert.ok(answer !== undefined && answer.kind !== 'remote-host', output);
    if (process.platform === 'linux') {
      assert.equal(answer.kind === 'process' && answer.pid, child.pid, 'its own client');
    }
    const lingered = (second?.exitAt as number) - (first?.at as number);
    t.diagnostic(`exited ${lingered.toFixed(0)} ms after its answer`);
    assert.ok(lingered < 5000, `exited ${lingered} ms after its answer`);
  });
});
