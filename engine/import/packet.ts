// What the file readers hand on: one captured frame with its link type and time, or the reason
// reading stopped (with the byte offset where it did).

export interface RawPacket {
  /** LINKTYPE_* of the interface it was captured on. */
  readonly linkType: number;
  /** Milliseconds since the epoch, with a fraction. */
  readonly at: number;
  /** The captured bytes; valid only during the call that receives it. */
  readonly data: Buffer;
  /** Where its record starts in the file. */
  readonly offset: number;
}

export interface ReadProblem {
  readonly offset: number;
  readonly detail: string;
}

/** Receives packets in file order; a returned promise is awaited before the next one. */
export type PacketSink = (packet: RawPacket) => Promise<void> | undefined;

/** No real frame is longer; a record claiming more is damage, not data. */
export const MAX_FRAME_BYTES = 16 * 1024 * 1024;
