// Sends a replay plan through any transport, spaced as the person chose: as fast as the target
// takes it, with the recorded gaps (scaled), or taking turns with the target's answers.

import { setTimeout as sleep } from 'node:timers/promises';
import type { ErrorInfo, Result } from '../../shared/errors';
import type { ReplayPacing, ReplaySpeed } from '../../shared/replay';
import type { ReplayPlan } from './replay-steps';

/** Turn-taking: once the target has said something, this much silence ends its answer. */
const ANSWER_QUIET_MS = 150;
/** Turn-taking: how long to wait for an answer that does not come before sending anyway. */
const NO_ANSWER_MS = 5000;
/** Largest single read of recorded bytes: one huge merged record is sent in slices this size. */
const READ_SLICE = 1024 * 1024;

/** What the pacer needs from a transport (TCP stream or UDP socket). */
export interface ReplayIo {
  /**
   * Recorded client bytes of the original, by offset in its client direction: synchronous when
   * they are in memory, a promise when they come back from the capture file.
   */
  readRecorded(offset: number, length: number): Result<Uint8Array> | Promise<Result<Uint8Array>>;
  /** Send one write; null when the transport can take the next at once, else when it can. */
  write(data: Uint8Array): Promise<void> | null;
  /** Bytes the target has sent so far. */
  answered(): number;
  /** Resolves true when the target sends more, false after `ms` without. */
  nextAnswer(ms: number): Promise<boolean>;
  /** Aborted when the replay stops early (the target failed, or the person closed it). */
  readonly signal: AbortSignal;
}

export interface ReplayRun {
  readonly pacing: ReplayPacing;
  readonly speed: ReplaySpeed;
}

/** How a run ended: every step sent, or stopped (the io's signal) before the end. */
export type PacerOutcome =
  | { readonly kind: 'sent' }
  | { readonly kind: 'stopped' }
  | { readonly kind: 'unreadable'; readonly error: ErrorInfo };

/** Wait for the target's answer to the writes sent since `mark`, as turn-taking defines it. */
async function awaitAnswer(io: ReplayIo, mark: number, expected: number): Promise<void> {
  const giveUpAt = performance.now() + NO_ANSWER_MS;
  while (!io.signal.aborted) {
    const got = io.answered() - mark;
    // The original's other side said this much: once the target has too, the turn is over.
    if (expected > 0 && got >= expected) return;
    const wait = got === 0 ? giveUpAt - performance.now() : ANSWER_QUIET_MS;
    if (wait <= 0) return;
    const more = await io.nextAnswer(wait);
    if (!more) return;
  }
}

/** A step's end: null when sent, an outcome when the run stops there. */
type StepEnd = PacerOutcome | null;

// Sending is synchronous for as long as nothing has to wait (bytes in memory, room in the
// socket), and becomes a promise only where something does. An await per recorded read cost
// more than recording it: a 256 MiB replay is ~4,000 reads, each with several promise hops.

function written(wait: Promise<void> | null): StepEnd | Promise<StepEnd> {
  return wait === null ? null : wait.then(() => null);
}

function writeSlice(io: ReplayIo, read: Result<Uint8Array>): StepEnd | Promise<StepEnd> {
  if (!read.ok) return { kind: 'unreadable', error: read.error };
  if (io.signal.aborted) return { kind: 'stopped' };
  return written(io.write(read.value));
}

function sendSlices(io: ReplayIo, from: number, end: number): StepEnd | Promise<StepEnd> {
  for (let offset = from; offset < end; offset += READ_SLICE) {
    const length = Math.min(READ_SLICE, end - offset);
    const read = io.readRecorded(offset, length);
    const sent =
      read instanceof Promise ? read.then((r) => writeSlice(io, r)) : writeSlice(io, read);
    if (sent instanceof Promise) {
      const rest = offset + length;
      return sent.then((outcome) =>
        outcome !== null || rest >= end ? outcome : sendSlices(io, rest, end),
      );
    }
    if (sent !== null) return sent;
  }
  return null;
}

function sendStep(io: ReplayIo, plan: ReplayPlan, i: number): StepEnd | Promise<StepEnd> {
  const edited = plan.edited?.[i];
  if (edited !== undefined) return written(io.write(edited));
  const offset = plan.offsets[i] ?? 0;
  return sendSlices(io, offset, offset + (plan.lengths[i] ?? 0));
}

export async function runPlan(
  plan: ReplayPlan,
  run: ReplayRun,
  io: ReplayIo,
): Promise<PacerOutcome> {
  const firstAt = plan.times[0] ?? 0;
  const started = performance.now();
  let turnMark = io.answered();
  for (let i = 0; i < plan.count; i++) {
    if (io.signal.aborted) return { kind: 'stopped' };
    if (run.pacing === 'original') {
      const due = started + ((plan.times[i] ?? 0) - firstAt) / run.speed;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait, undefined, { signal: io.signal }).catch(() => undefined);
    } else if (run.pacing === 'turns' && plan.turnStarts[i] === 1) {
      await awaitAnswer(io, turnMark, plan.answers[i - 1] ?? 0);
      turnMark = io.answered();
    }
    if (io.signal.aborted) return { kind: 'stopped' };
    const sent = sendStep(io, plan, i);
    const failed = sent instanceof Promise ? await sent : sent;
    if (failed !== null) return failed;
  }
  // Taking turns: the last answer belongs to the conversation too, so wait for it before ending.
  const lastAnswer = plan.answers[plan.count - 1] ?? 0;
  if (run.pacing === 'turns' && lastAnswer > 0) await awaitAnswer(io, turnMark, lastAnswer);
  return io.signal.aborted ? { kind: 'stopped' } : { kind: 'sent' };
}
