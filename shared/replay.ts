// Replay: send a recorded connection's client side again, to the same port or another target.
// The request's schema and the names the UI shows; the engine does the sending (engine/replay).

import { z } from 'zod';
import { payloadSpecSchema, upstreamHost } from './behaviours';

/**
 * How the writes are spaced: as fast as the target takes them; with the recorded gaps (scaled by
 * `speed`); or taking turns — each group of writes the client made between two answers waits for
 * the target's answer to the previous group to arrive and go quiet.
 */
export const REPLAY_PACINGS = ['fast', 'original', 'turns'] as const;
export type ReplayPacing = (typeof REPLAY_PACINGS)[number];

export const REPLAY_SPEEDS = [0.5, 1, 2] as const;
export type ReplaySpeed = (typeof REPLAY_SPEEDS)[number];

/**
 * Most writes an edited replay may carry, and most recorded writes the editor offers: enough
 * for a request/response conversation, few enough to edit in a form. Longer connections replay
 * as recorded.
 */
export const MAX_REPLAY_EDITS = 256;

const replayTargetSchema = z.discriminatedUnion('kind', [
  /** The port the original connection came in on, wherever it is open now. */
  z.object({ kind: z.literal('same-port') }).strict(),
  /** Any host and port; a target off this machine needs `allowRemote`. */
  z
    .object({
      kind: z.literal('address'),
      host: upstreamHost,
      port: z.number().int().min(1).max(65535),
    })
    .strict(),
]);
export type ReplayTarget = z.infer<typeof replayTargetSchema>;

export const replayRequestSchema = z
  .object({
    connectionId: z.number().int().positive(),
    target: replayTargetSchema.default({ kind: 'same-port' }),
    pacing: z.enum(REPLAY_PACINGS).default('fast'),
    speed: z.union([z.literal(0.5), z.literal(1), z.literal(2)]).default(1),
    /**
     * The client's writes as edited, one entry per write, in order; omitted to send what was
     * recorded.
     */
    writes: z.array(payloadSpecSchema).min(1).max(MAX_REPLAY_EDITS).optional(),
    /** The person confirmed a target that is not this machine (Porthole is a localhost tool). */
    allowRemote: z.boolean().default(false),
  })
  .strict();
export type ReplayRequest = z.infer<typeof replayRequestSchema>;

export const PACING_LABELS: Readonly<Record<ReplayPacing, string>> = {
  fast: 'As fast as possible',
  original: 'Original pacing',
  turns: 'Take turns (wait for each answer)',
};
