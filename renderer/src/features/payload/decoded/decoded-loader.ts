// Feeds the decode worker: fetches both directions' captured bytes from offset 0 (readPayload,
// BACKGROUND_PAGE_BYTES at a time) up to a cap, takes the arrival order from the chunk records,
// and re-decodes as the connection grows — at most every 500 ms while live, and never two decodes
// at once, so a stale snapshot is never decoded behind a newer one. The first pass reads one page
// per direction only (FIRST_PASS_BYTES), so the first screen of a 50 MB body does not wait for
// the cap.
import type { PortholeApi } from '../../../../../shared/contract';
import type { ConversationBytes, DecoderName } from '../../../../../shared/decoders/types';
import type { ConnectionInfo, Direction } from '../../../../../shared/model';
import { BACKGROUND_PAGE_BYTES } from '../../../lib/background-page';
import { decodeBase64 } from '../../../lib/base64';
import type { ChunkSource } from '../data/chunk-source';
import type { DecodeOutcome } from './decode-client';
import type { DecodeResponse } from './worker-protocol';

/** Bytes per direction decoded at first, and added by each "Decode more". */
export const DECODE_CAP = 8 * 1024 * 1024;
export const REDECODE_INTERVAL_MS = 500;
/** Bytes per direction of the first pass: more than one screen of any body shows. */
export const FIRST_PASS_BYTES = 256 * 1024;

export interface DecodedState {
  readonly result: DecodeResponse | null;
  readonly order: ConversationBytes['order'];
  readonly error: string | null;
  readonly busy: boolean;
  /** Bytes per direction the result covers, and what the connection has captured. */
  readonly decoded: Readonly<Record<Direction, number>>;
  readonly captured: Readonly<Record<Direction, number>>;
  readonly limit: number;
}

export type DecodeFn = (decoder: DecoderName, bytes: ConversationBytes) => Promise<DecodeOutcome>;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Bytes joined per turn of the event loop: a few ms of copying each, never a long task. */
const JOIN_SLICE = 1024 * 1024;

/** The pages as one array (the worker takes it over), copied a slice per turn of the loop. */
async function join(pieces: readonly Uint8Array[], length: number): Promise<Uint8Array> {
  const out = new Uint8Array(length);
  let at = 0;
  let sinceYield = 0;
  for (const piece of pieces) {
    out.set(piece, at);
    at += piece.length;
    sinceYield += piece.length;
    if (sinceYield >= JOIN_SLICE) {
      sinceYield = 0;
      await sleep(0);
    }
  }
  return out;
}

export class DecodedLoader {
  private state: DecodedState = {
    result: null,
    order: [],
    error: null,
    busy: true,
    decoded: { in: 0, out: 0 },
    captured: { in: 0, out: 0 },
    limit: DECODE_CAP,
  };
  private readonly pieces: Record<Direction, Uint8Array[]> = { in: [], out: [] };
  private readonly have: Record<Direction, number> = { in: 0, out: 0 };
  private connection: ConnectionInfo | null = null;
  private running = false;
  private dirty = false;
  /** Work only while a view shows the result (attach/detach, as ChunkSource does). */
  private attached = false;
  private firstPass = true;
  private lastDecodeAt = -Infinity;
  /** Chunk records loaded when the last decode started. */
  private orderFrom = 0;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly api: PortholeApi,
    private readonly decoder: DecoderName,
    private readonly source: ChunkSource,
    private readonly decode: DecodeFn,
    private readonly now: () => number = () => performance.now(),
  ) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getState = (): DecodedState => this.state;

  update(connection: ConnectionInfo): void {
    this.connection = connection;
    const captured = { in: connection.in.captured, out: connection.out.captured };
    if (captured.in === this.state.captured.in && captured.out === this.state.captured.out) {
      // Only the order may have improved (more chunk records loaded): no new bytes to fetch.
      if (this.source.chunks.length > this.orderFrom && this.state.result) this.kick();
      return;
    }
    this.set({ captured });
    this.kick();
  }

  decodeMore(): void {
    this.set({ limit: this.state.limit + DECODE_CAP });
    this.kick();
  }

  attach(): void {
    this.attached = true;
    if (this.connection) this.kick();
  }

  detach(): void {
    this.attached = false;
  }

  private set(patch: Partial<DecodedState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }

  private kick(): void {
    this.dirty = true;
    if (!this.attached) return;
    if (!this.running) void this.run();
  }

  private async run(): Promise<void> {
    this.running = true;
    this.set({ busy: true });
    try {
      while (this.dirty && this.attached) {
        const wait = this.lastDecodeAt + REDECODE_INTERVAL_MS - this.now();
        if (wait > 0) await sleep(wait);
        if (!this.attached) return;
        // Cleared after the wait: snapshots that arrived during it are covered by this pass.
        this.dirty = false;
        if (!(await this.pass())) return;
      }
    } finally {
      this.running = false;
      if (this.attached) this.set({ busy: false });
    }
  }

  /** Fetch what is missing (one page each on the first pass), then decode. */
  private async pass(): Promise<boolean> {
    const connection = this.connection;
    if (!connection) return true;
    const first = this.firstPass;
    this.firstPass = false;
    for (;;) {
      const fetched = await Promise.all(
        (['in', 'out'] as const).map((d) =>
          this.fetchPage(connection.id, d, first ? FIRST_PASS_BYTES : BACKGROUND_PAGE_BYTES),
        ),
      );
      if (fetched.some((f) => f === null)) return false;
      if (first || fetched.every((f) => f === 0)) break;
    }
    const bytes: ConversationBytes = {
      in: await join(this.pieces.in, this.have.in),
      out: await join(this.pieces.out, this.have.out),
      order: this.source.chunks
        .filter((c) => c.offset < this.have[c.direction])
        .map((c) => ({ direction: c.direction, offset: c.offset, at: c.at })),
    };
    const decoded = { in: this.have.in, out: this.have.out };
    this.orderFrom = this.source.chunks.length;
    this.lastDecodeAt = this.now();
    const outcome = await this.decode(this.decoder, bytes);
    if (!this.attached) return false;
    if (outcome.type === 'failed') this.set({ error: outcome.message });
    else this.set({ result: outcome, order: bytes.order, decoded, error: null });
    // The first pass showed one page: fetch the rest at once rather than after the interval.
    if (first && (this.have.in < this.target('in') || this.have.out < this.target('out'))) {
      this.dirty = true;
      this.lastDecodeAt = -Infinity;
    }
    return true;
  }

  private target(direction: Direction): number {
    const captured = this.connection?.[direction].captured ?? 0;
    return Math.min(captured, this.state.limit);
  }

  /** One readPayload page of a direction: bytes added, or null after an error. */
  private async fetchPage(
    connectionId: number,
    direction: Direction,
    max: number,
  ): Promise<number | null> {
    const from = this.have[direction];
    const length = Math.min(max, this.target(direction) - from);
    if (length <= 0) return 0;
    const result = await this.api.readPayload({ connectionId, direction, offset: from, length });
    if (!this.attached) return null;
    if (!result.ok) {
      this.set({ error: `${result.error.message} ${result.error.hint}` });
      return null;
    }
    const bytes = decodeBase64(result.value.data);
    // Ranges are clipped to what was captured; an offset other than asked means a gap.
    if (result.value.offset !== from || bytes.length === 0) return 0;
    this.pieces[direction].push(bytes);
    this.have[direction] += bytes.length;
    return bytes.length;
  }
}
