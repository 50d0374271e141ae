// "Diagnose a connection": what the person asks for. The target is typed text (host:port,
// [v6]:port or an http/https URL); the engine parses it and answers bad ones with INVALID_INPUT
// in words, so the schema only bounds it.

import { z } from 'zod';
import { USER_INPUT_ISSUE } from '../behaviours';

/** Longest target accepted: a URL with a long path and query, never a payload. */
export const MAX_DIAGNOSE_TARGET = 2048;
/** Longest expected program name: a process name or a word of its command line. */
export const MAX_EXPECT_PROCESS = 256;

const typed = (max: number, what: string) =>
  z.string().superRefine((value, ctx) => {
    // The person typed it: too long is their input to fix, not a caller bug.
    if (value.length > max) {
      ctx.addIssue({
        code: 'custom',
        message: `The ${what} is too long (at most ${max.toLocaleString('en')} characters).`,
        params: { [USER_INPUT_ISSUE]: true },
      });
    }
  });

export const diagnoseRequestSchema = z
  .object({
    target: typed(MAX_DIAGNOSE_TARGET, 'target'),
    /** Do a TLS handshake on a host:port target (https:// URLs always do one). */
    tls: z.boolean().optional(),
    /** The program that should be listening, e.g. "postgres"; a different holder is a verdict. */
    expectProcess: typed(MAX_EXPECT_PROCESS, 'expected program').optional(),
    /** The person confirmed a target off this machine (Porthole is a localhost tool). */
    allowRemote: z.boolean().optional(),
  })
  .strict();

export type DiagnoseRequest = z.input<typeof diagnoseRequestSchema>;
