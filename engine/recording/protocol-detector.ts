// Protocol detection for one connection: keeps the first bytes of each direction (at most
// MAX_DETECT_BYTES, and only while they can still change the answer) and asks shared/detect
// what they are. Once both directions are settled it holds nothing but the answer, and the
// recorder stops calling it (`looking`), so long transfers pay no per-read cost.

import {
  detectDirection,
  MAX_DETECT_BYTES,
  refineConnection,
  type DirectionVerdict,
} from '../../shared/detect';
import type { DetectedProtocol, Detection } from '../../shared/model';

const EMPTY = new Uint8Array(0);

/** One frozen Detection per combination (at most 11 × 11), shared by all closed connections. */
const SHARED = new Map<string, Detection>();

export function sharedDetection(
  inbound: DetectedProtocol | null,
  out: DetectedProtocol | null,
): Detection {
  const key = `${inbound}/${out}`;
  let detection = SHARED.get(key);
  if (detection === undefined) {
    detection = Object.freeze({ in: inbound, out });
    SHARED.set(key, detection);
  }
  return detection;
}
const INITIAL_CAPACITY = 256;

/** The first bytes of one direction. A read is borrowed first and copied only if still needed. */
class Side {
  verdict: DirectionVerdict | null = null;
  final = false;
  private owned: Uint8Array | null = null;
  private borrowed: Uint8Array | null = null;
  private length = 0;

  /** Adds a read (up to the limit) and returns all bytes so far. */
  add(data: Uint8Array): Uint8Array {
    const room = MAX_DETECT_BYTES - this.length;
    const part = data.subarray(0, Math.max(0, room));
    if (this.length === 0) {
      this.borrowed = part;
      this.length = part.byteLength;
      return part;
    }
    const need = this.length + part.byteLength;
    if (this.owned === null || this.owned.byteLength < need) {
      const grown = new Uint8Array(
        Math.min(MAX_DETECT_BYTES, Math.max(need, INITIAL_CAPACITY, (this.owned?.length ?? 0) * 2)),
      );
      grown.set(this.bytes());
      this.owned = grown;
      this.borrowed = null;
    }
    this.owned.set(part, this.length);
    this.length = need;
    return this.owned.subarray(0, need);
  }

  bytes(): Uint8Array {
    return this.owned?.subarray(0, this.length) ?? this.borrowed ?? EMPTY;
  }

  /**
   * Called at the end of every feed: a borrowed read is socket memory (possibly a slice of a
   * larger pooled buffer), so it is copied if needed later, or forgotten.
   */
  settle(keep: boolean): void {
    if (!keep) {
      this.owned = null;
      this.borrowed = null;
      return;
    }
    if (this.borrowed === null) return;
    const copy = new Uint8Array(Math.max(INITIAL_CAPACITY, this.length));
    copy.set(this.borrowed);
    this.owned = copy;
    this.borrowed = null;
  }
}

export class ProtocolDetector {
  /** Per direction (0 = in, 1 = out): whether `feed` still wants its reads. */
  readonly looking: [boolean, boolean] = [true, true];
  private readonly sides = [new Side(), new Side()] as const;
  private upgraded: Detection | null = null;
  /** The last answer, reused by every snapshot until the next read changes it. */
  private answer: Detection | null = null;

  feed(dir: 0 | 1, data: Uint8Array): void {
    if (!this.looking[dir] || data.byteLength === 0) return;
    this.answer = null;
    const [inSide, outSide] = this.sides;
    this.judge(dir, this.sides[dir].add(data));
    // The server side is read in the light of the client side, which may just have changed.
    if (dir === 0 && !outSide.final && outSide.verdict !== null) {
      this.judge(1, outSide.bytes());
    }
    const http = inSide.verdict?.protocol === 'http' && outSide.verdict?.protocol === 'http';
    if (http && inSide.final && outSide.final) {
      const plain = { in: 'http', out: 'http' } as const;
      const refined = refineConnection(plain, inSide.bytes(), outSide.bytes());
      if (refined !== plain) this.upgraded = refined;
    }
    // The client's bytes outlive its verdict only for the WebSocket check (which needs its head).
    inSide.settle(!inSide.final || (inSide.verdict?.protocol === 'http' && !outSide.final));
    outSide.settle(!outSide.final);
    this.looking[0] = !inSide.final;
    this.looking[1] = !outSide.final;
  }

  detected(): Detection {
    this.answer ??= this.upgraded ?? {
      in: this.sides[0].verdict?.protocol ?? null,
      out: this.sides[1].verdict?.protocol ?? null,
    };
    return this.answer;
  }

  private judge(dir: 0 | 1, bytes: Uint8Array): void {
    const side = this.sides[dir];
    const other = this.sides[dir === 0 ? 1 : 0];
    const verdict = detectDirection(
      bytes,
      dir === 0 ? 'in' : 'out',
      other.verdict?.protocol ?? null,
    );
    side.verdict = verdict;
    // An answer read against a client side that may still change is provisional too.
    const dependsOnOther = dir === 1 && other.verdict !== null && !other.final;
    side.final = bytes.byteLength >= MAX_DETECT_BYTES || (verdict.final && !dependsOnOther);
  }
}
