// Schemas for the JSON records of a capture file (listener and connection records). A capture
// file is untrusted input — it may be damaged, hand-edited or written by someone else — so what
// it says is checked field by field before any view sees it. Typed against the model, so a
// change to ConnectionInfo or ListenerInfo that these do not follow fails to compile.

import { z } from 'zod';
import { CLIENT_UNKNOWN_REASONS } from '../../shared/client-process';
import { behaviourSchema, faultsSchema } from '../../shared/behaviours';
import { isErrorCode, type ErrorInfo } from '../../shared/errors';
import {
  DETECTED_PROTOCOLS,
  LISTEN_HOSTS,
  PROTOCOLS,
  type ConnectionInfo,
  type EndReason,
  type ListenerInfo,
} from '../../shared/model';

const text = z.string().max(64 * 1024);
const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const time = z.number().finite();
const port = z.number().int().min(0).max(65535);
const family = z.enum(['IPv4', 'IPv6']);

const holderSchema = z.object({
  pid: z.number().int().nullable(),
  name: text.nullable(),
  commandLine: text.nullable(),
  user: text.nullable(),
  address: text,
});

const errorSchema: z.ZodType<ErrorInfo> = z.object({
  code: z.string().refine(isErrorCode),
  message: text,
  hint: text,
  holders: z.array(holderSchema).max(64).optional(),
  nextFreePort: port.optional(),
});

const END_REASONS = [
  'client-closed',
  'client-reset',
  'closed-by-user',
  'reset-by-user',
  'fault-reset',
  'closed-by-behaviour',
  'port-closed',
  'upstream-failed',
  'idle',
  'replay-finished',
  'diverged-reset',
  'capture-interrupted',
  'error',
] as const satisfies readonly EndReason[];

const directionSchema = z.object({
  received: count,
  captured: count,
  dropped: count,
  chunks: count,
});

const detected = z.enum(DETECTED_PROTOCOLS).nullable();

const clientProcessSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('process'),
    pid: z.number().int().min(0),
    name: text.nullable(),
    commandLine: z.string().max(4096).nullable(),
    user: text.nullable(),
  }),
  z.object({
    kind: z.literal('unknown'),
    reason: z.enum(CLIENT_UNKNOWN_REASONS),
    user: text.nullable(),
  }),
  z.object({ kind: z.literal('remote-host') }),
]);

export const connectionRecordSchema: z.ZodType<ConnectionInfo> = z.object({
  id: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  listenerId: text,
  protocol: z.enum(PROTOCOLS),
  behaviour: z.enum(['capture', 'echo', 'reply', 'http', 'relay', 'mock']),
  upstream: z
    .object({
      host: text,
      port,
      state: z.enum(['connecting', 'connected', 'half-closed', 'closed', 'failed']),
      localAddress: text.nullable(),
      localPort: port.nullable(),
      connectedAt: time.nullable(),
    })
    .nullable(),
  // Files written before replays existed do not have it.
  replayOf: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).nullable().default(null),
  divergedAt: count.nullable().default(null),
  // Files written before clients were named do not have it.
  client: clientProcessSchema.nullable().default(null),
  detected: z.object({ in: detected, out: detected }),
  localAddress: text,
  localPort: port,
  remoteAddress: text,
  remotePort: port,
  family,
  openedAt: time,
  firstByteAt: time.nullable(),
  lastActivityAt: time,
  closedAt: time.nullable(),
  state: z.enum(['open', 'half-closed', 'closed']),
  endReason: z.enum(END_REASONS).nullable(),
  error: errorSchema.nullable(),
  in: directionSchema,
  out: directionSchema,
  chunkCount: count,
  truncated: z.boolean(),
});

export const listenerRecordSchema: z.ZodType<ListenerInfo> = z.object({
  id: text,
  protocol: z.enum(PROTOCOLS),
  host: z.enum(LISTEN_HOSTS),
  requestedPort: port,
  port: port.nullable(),
  state: z.enum(['opening', 'open', 'closing', 'closed', 'failed']),
  behaviour: behaviourSchema,
  faults: faultsSchema,
  // Files written before ports could open at start do not have it.
  openAtStart: z.boolean().default(false),
  exposed: z.boolean(),
  addresses: z.array(z.object({ address: text, family })).max(16),
  error: errorSchema.nullable(),
  notice: errorSchema.nullable(),
  openedAt: time.nullable(),
  closedAt: time.nullable(),
  connectionsTotal: count,
  connectionsOpen: count,
  bytesIn: count,
  bytesOut: count,
  // Files written before UDP drops were counted do not have it: not known.
  osDrops: count.nullable().default(null),
});

export const captureRecordSchema = z.object({
  captureId: text,
  startedAt: time,
  porthole: text.optional(),
});
