// A workspace: the set of ports a person built up (protocol, host, port, behaviour, faults,
// "open at start"), as Porthole remembers it between starts and as a JSON file people export,
// share and import. Validated with the contract's own schemas; a bad file is refused whole, with
// the field that is wrong, so nothing is ever applied in part.

import { z } from 'zod';
import { behaviourSchema, faultsSchema, NO_FAULTS, unsupportedOn } from './behaviours';
import { LISTEN_HOSTS, PROTOCOLS, type ListenerInfo } from './model';

export const WORKSPACE_KIND = 'porthole-workspace';
export const WORKSPACE_VERSION = 1;
/** More ports than anyone opens by hand; a bound on what one file can ask for. */
export const MAX_WORKSPACE_PORTS = 1000;

const workspacePortSchema = z
  .object({
    protocol: z.enum(PROTOCOLS).default('tcp'),
    host: z.enum(LISTEN_HOSTS).default('localhost'),
    /** 0 means "any free port" (a new one at every start). */
    port: z.number().int().min(0).max(65535),
    behaviour: behaviourSchema.default({ kind: 'capture' }),
    faults: faultsSchema.default(NO_FAULTS),
    openAtStart: z.boolean().default(false),
  })
  .strict()
  .superRefine((p, ctx) => {
    const why = unsupportedOn(p.protocol, p.behaviour, p.faults);
    if (why === null) return;
    // Name the field at fault: the behaviour, or the faults it cannot take.
    const field =
      unsupportedOn(p.protocol, p.behaviour, NO_FAULTS) === null ? 'faults' : 'behaviour';
    ctx.addIssue({ code: 'custom', message: why, path: [field] });
  });

const workspaceSchema = z
  .object({
    kind: z.literal(WORKSPACE_KIND),
    version: z
      .number()
      .int()
      .min(1)
      .refine((v) => v <= WORKSPACE_VERSION, {
        message: `written by a newer Porthole (this one reads version ${WORKSPACE_VERSION})`,
      }),
    ports: z.array(workspacePortSchema).max(MAX_WORKSPACE_PORTS),
  })
  .strict();

export type WorkspacePort = z.output<typeof workspacePortSchema>;
export type Workspace = z.output<typeof workspaceSchema>;

/** The workspace entry for a port as it stands (the port it has, else the one asked for). */
export function workspacePortOf(listener: ListenerInfo): WorkspacePort {
  return {
    protocol: listener.protocol,
    host: listener.host,
    port: listener.port ?? listener.requestedPort,
    behaviour: listener.behaviour,
    faults: listener.faults,
    openAtStart: listener.openAtStart,
  };
}

/**
 * Parse untrusted workspace JSON: the workspace, or the first problem as "ports[2].port: …" so
 * the person knows which field to fix.
 */
export function parseWorkspace(
  raw: unknown,
): { ok: true; workspace: Workspace } | { ok: false; problem: string } {
  const parsed = workspaceSchema.safeParse(raw);
  if (parsed.success) return { ok: true, workspace: parsed.data };
  const issue = parsed.error.issues[0];
  const path = (issue?.path ?? [])
    .map((part, i) =>
      typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`,
    )
    .join('');
  return { ok: false, problem: `${path || 'the file'}: ${issue?.message ?? 'invalid'}` };
}
