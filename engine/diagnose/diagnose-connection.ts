// "Diagnose a connection": resolve the name, look up who listens on the port, then for each
// address one connect, at most one TLS handshake and one HTTP request on that same socket, each
// bounded in time, and a verdict chosen from what was measured.

import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type {
  AddressProbe,
  DiagnoseTarget,
  DiagnoseTimeouts,
  Diagnosis,
  DiagnosisFacts,
  HttpStep,
  ListenerStep,
  ResolvedAddress,
  TlsStep,
} from '../../shared/diagnosis/diagnosis';
import { hostPort } from '../../shared/diagnosis/describe-verdict';
import type { DiagnoseRequest } from '../../shared/diagnosis/diagnose-request';
import { appError, fail, ok, type Result } from '../../shared/errors';
import { isThisMachine } from '../net/this-machine';
import { chooseVerdict } from './choose-verdict';
import { connectProbe } from './connect-probe';
import { httpProbe } from './http-probe';
import { listeningFacts, lookUpListeners } from './listener-facts';
import { parseTarget } from './parse-target';
import { resolveAddresses } from './resolve-addresses';
import { elapsedSince } from './step-clock';
import { tlsProbe } from './tls-probe';

export const DEFAULT_DIAGNOSE_TIMEOUTS: DiagnoseTimeouts = {
  resolveMs: 3000,
  connectMs: 3000,
  tlsMs: 3000,
  httpMs: 5000,
  totalMs: 20_000,
};

/** The holder lookup's own bound: it runs beside the probes, so it rarely adds any time. */
const HOLDER_LOOKUP_MS = 1500;

export interface DiagnoseOptions {
  /** Tests shorten these to see a timeout without waiting seconds for it. */
  readonly timeouts?: Partial<DiagnoseTimeouts>;
  /**
   * Bound on the holder lookup. Tests that check the holder is named raise it, so that a busy
   * machine scanning /proc slowly cannot turn "listening on ::1" into "nothing listening".
   */
  readonly holderLookupMs?: number;
}

const NO_LISTENERS: ListenerStep = { ms: 0, holders: [] };

function hostHeader(target: DiagnoseTarget): string {
  const defaultPort = target.scheme === 'https' ? 443 : 80;
  const host = target.host.includes(':') ? `[${target.host}]` : target.host;
  return target.port === defaultPort ? host : `${host}:${target.port}`;
}

/** One address: connect, then the handshake and the request over that one socket. */
async function probeAddress(
  target: DiagnoseTarget,
  resolved: ResolvedAddress,
  timeouts: DiagnoseTimeouts,
  remaining: () => number,
): Promise<Omit<AddressProbe, 'listening'>> {
  const base = { address: resolved.address, family: resolved.family };
  if (remaining() <= 0) {
    return { ...base, connect: { outcome: 'skipped', ms: 0 }, tls: null, http: null };
  }
  const connected = await connectProbe(
    resolved.address,
    target.port,
    Math.min(timeouts.connectMs, remaining()),
  );
  const socket: Socket | null = connected.socket;
  if (socket === null) return { ...base, connect: connected.step, tls: null, http: null };
  let stream: Duplex = socket;
  let tls: TlsStep | null = null;
  let http: HttpStep | null = null;
  try {
    if (target.tls) {
      // Offer h2 only when no HTTP/1.1 request follows: then ALPN reports what the server prefers.
      const alpn = target.path === null ? ['h2', 'http/1.1'] : ['http/1.1'];
      const secured = await tlsProbe(socket, target.host, alpn, timeouts.tlsMs);
      tls = secured.step;
      if (secured.socket === null) return { ...base, connect: connected.step, tls, http };
      stream = secured.socket;
    }
    if (target.path !== null) {
      http = await httpProbe(
        stream,
        { hostHeader: hostHeader(target), path: target.path },
        timeouts.httpMs,
      );
    }
    return { ...base, connect: connected.step, tls, http };
  } finally {
    stream.destroy();
    socket.destroy();
  }
}

export async function diagnoseConnection(
  request: DiagnoseRequest,
  options: DiagnoseOptions = {},
): Promise<Result<Diagnosis>> {
  const started = performance.now();
  const timeouts: DiagnoseTimeouts = { ...DEFAULT_DIAGNOSE_TIMEOUTS, ...options.timeouts };
  const remaining = () => timeouts.totalMs - (performance.now() - started);
  const parsed = parseTarget(request.target, request.tls ?? false);
  if (!parsed.ok) return parsed;
  const target = parsed.value;
  const expectProcess = request.expectProcess?.trim() || null;

  const resolution = await resolveAddresses(target.host, Math.min(timeouts.resolveMs, remaining()));
  const finish = (facts: DiagnosisFacts): Result<Diagnosis> =>
    ok({ ...facts, verdict: chooseVerdict(facts), totalMs: elapsedSince(started) });
  if (resolution.addresses.length === 0) {
    return finish({ target, expectProcess, resolution, listeners: null, probes: [], timeouts });
  }

  // Checked on the resolved addresses, before anything is sent: Porthole is a localhost tool,
  // and a name is checked by where it points now, not by how it is spelled.
  const remote = resolution.addresses.filter((a) => !isThisMachine(a.address));
  if (remote.length > 0 && request.allowRemote !== true) {
    const first = remote[0]?.address ?? target.host;
    const detail =
      first === target.host ? undefined : `it resolves to ${hostPort(first, target.port)}`;
    return fail(
      appError('DIAGNOSE_TARGET_REMOTE', { host: target.host, port: target.port, detail }),
    );
  }

  // Who listens is read from this machine's socket tables while the probes run.
  const anyLocal = resolution.addresses.some((a) => isThisMachine(a.address));
  const listenersLookup = anyLocal
    ? lookUpListeners(target.port, options.holderLookupMs ?? HOLDER_LOOKUP_MS)
    : Promise.resolve(NO_LISTENERS);
  const measured: Omit<AddressProbe, 'listening'>[] = [];
  // One address after another, in the resolver's order: as a client would try them, and so a
  // slow address shows as slow rather than hiding behind a parallel one.
  for (const resolved of resolution.addresses) {
    measured.push(await probeAddress(target, resolved, timeouts, remaining));
  }
  const listeners = await listenersLookup;
  const probes: AddressProbe[] = measured.map((probe) => ({
    ...probe,
    // Another machine's listeners are not in this machine's tables: say nothing about them.
    listening: isThisMachine(probe.address)
      ? listeningFacts(probe.address, listeners.holders)
      : { here: [], elsewhere: [] },
  }));
  return finish({ target, expectProcess, resolution, listeners, probes, timeouts });
}
