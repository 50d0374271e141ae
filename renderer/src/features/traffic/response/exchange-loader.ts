// Feeds the timing worker for one connection: its chunk records (arrival times) and both
// directions' captured bytes from offset 0, fetched incrementally up to a cap, re-timed at most
// once a second while the connection grows, one pass at a time.
import { MAX_PAGE, type PortholeApi } from '../../../../../shared/contract';
import type { ConversationBytes } from '../../../../../shared/decoders/types';
import type { Chunk, ConnectionInfo, Direction } from '../../../../../shared/model';
import { BACKGROUND_PAGE_BYTES } from '../../../lib/background-page';
import { decodeBase64 } from '../../../lib/base64';
import type { TimingResponse } from './exchange-client';
import type { ExchangeTiming, TimedProtocol } from './exchange-timing';

/** Bytes per direction timed: request heads and replies of thousands of exchanges. */
const TIMING_BYTES_CAP = 4 * 1024 * 1024;
/** Chunk records read: arrival times of that much traffic in small reads. */
const TIMING_CHUNKS_CAP = 50_000;
const RETIME_MS = 1000;

export interface ExchangeState {
  readonly timings: readonly ExchangeTiming[];
  readonly busy: boolean;
  readonly error: string | null;
  /** Bytes per direction covered, and whether the cap stopped us short of what was captured. */
  readonly capped: boolean;
}

export type TimeFn = (protocol: TimedProtocol, bytes: ConversationBytes) => Promise<TimingResponse>;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class ExchangeLoader {
  private state: ExchangeState = { timings: [], busy: true, error: null, capped: false };
  private readonly pieces: Record<Direction, Uint8Array[]> = { in: [], out: [] };
  private readonly have: Record<Direction, number> = { in: 0, out: 0 };
  private readonly chunks: Chunk[] = [];
  private connection: ConnectionInfo | null = null;
  private attached = false;
  private running = false;
  private dirty = false;
  private lastRun = -Infinity;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly api: PortholeApi,
    private readonly protocol: TimedProtocol,
    private readonly time: TimeFn,
  ) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getState = (): ExchangeState => this.state;

  attach(): void {
    this.attached = true;
    this.kick();
  }

  detach(): void {
    this.attached = false;
  }

  update(connection: ConnectionInfo): void {
    const before = this.connection;
    this.connection = connection;
    if (
      before &&
      before.chunkCount === connection.chunkCount &&
      before.in.captured === connection.in.captured &&
      before.out.captured === connection.out.captured
    ) {
      return;
    }
    this.kick();
  }

  private set(patch: Partial<ExchangeState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }

  private kick(): void {
    this.dirty = true;
    if (this.attached && this.connection && !this.running) void this.run();
  }

  private async run(): Promise<void> {
    this.running = true;
    try {
      while (this.dirty && this.attached) {
        const wait = this.lastRun + RETIME_MS - performance.now();
        if (wait > 0) await sleep(wait);
        this.dirty = false;
        this.lastRun = performance.now();
        if (!(await this.pass())) return;
      }
    } finally {
      this.running = false;
      if (this.attached) this.set({ busy: false });
    }
  }

  private async pass(): Promise<boolean> {
    const c = this.connection;
    if (!c) return true;
    while (this.chunks.length < Math.min(c.chunkCount, TIMING_CHUNKS_CAP)) {
      const from = this.chunks.length;
      const count = Math.min(MAX_PAGE, c.chunkCount - from, TIMING_CHUNKS_CAP - from);
      const result = await this.api.readChunks({ connectionId: c.id, from, count });
      if (!this.attached) return false;
      if (!result.ok) return this.fail(`${result.error.message} ${result.error.hint}`);
      if (result.value.length === 0) break;
      this.chunks.push(...result.value);
    }
    for (const d of ['in', 'out'] as const) {
      const target = Math.min(c[d].captured, TIMING_BYTES_CAP);
      while (this.have[d] < target) {
        const length = Math.min(BACKGROUND_PAGE_BYTES, target - this.have[d]);
        const result = await this.api.readPayload({
          connectionId: c.id,
          direction: d,
          offset: this.have[d],
          length,
        });
        if (!this.attached) return false;
        if (!result.ok) return this.fail(`${result.error.message} ${result.error.hint}`);
        const bytes = decodeBase64(result.value.data);
        // Clipped to what was captured: an offset other than asked means a gap; stop there.
        if (result.value.offset !== this.have[d] || bytes.length === 0) break;
        this.pieces[d].push(bytes);
        this.have[d] += bytes.length;
      }
    }
    const bytes: ConversationBytes = {
      in: concat(this.pieces.in, this.have.in),
      out: concat(this.pieces.out, this.have.out),
      order: this.chunks.map((k) => ({ direction: k.direction, offset: k.offset, at: k.at })),
    };
    const response = await this.time(this.protocol, bytes);
    if (!this.attached) return false;
    if (!response.ok) return this.fail(response.message);
    const capped =
      c.in.captured > this.have.in ||
      c.out.captured > this.have.out ||
      c.chunkCount > this.chunks.length;
    this.set({ timings: response.timings, error: null, capped });
    return true;
  }

  private fail(message: string): boolean {
    this.set({ error: message });
    return false;
  }
}

function concat(pieces: readonly Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let at = 0;
  for (const piece of pieces) {
    out.set(piece, at);
    at += piece.length;
  }
  return out;
}
