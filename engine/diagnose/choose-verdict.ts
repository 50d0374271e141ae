// The verdict, chosen from measured facts only: connect outcomes, who listens where, what the
// peer's first bytes were, the HTTP status. Pure, so every branch is tested on plain data; the
// words for each verdict are shared/diagnosis/describe-verdict.ts.

import type { AddressProbe, DiagnosisFacts } from '../../shared/diagnosis/diagnosis';
import type { Verdict } from '../../shared/diagnosis/verdict';
import type { AddressFamily, PortHolder } from '../../shared/model';
import { holderIp } from './listener-facts';

const firstHolder = (probe: AddressProbe): PortHolder | null => probe.listening.here[0] ?? null;

/** Whether a holder is the program the person expected: its name or command line names it. */
export function matchesProgram(holder: PortHolder, expected: string): boolean {
  const wanted = expected.trim().toLowerCase();
  if (wanted === '') return true;
  return [holder.name, holder.commandLine].some((text) => text?.toLowerCase().includes(wanted));
}

/** What went wrong after connecting to one address, or null if it answered as asked. */
function problemAfterConnect(probe: AddressProbe, facts: DiagnosisFacts): Verdict | null {
  const at = { address: probe.address, port: facts.target.port, holder: firstHolder(probe) };
  const { tls, http } = probe;
  if (tls !== null && tls.outcome !== 'ok') {
    if (tls.peer === 'http' || tls.peer === 'other') {
      const preview = tls.outcome === 'failed' ? tls.preview : '';
      return { kind: 'tls-to-plain', ...at, peer: tls.peer, preview };
    }
    if (tls.outcome === 'timeout') {
      return { kind: 'response-timeout', ...at, step: 'tls', timeoutMs: facts.timeouts.tlsMs };
    }
    if (tls.peer === 'tls') return { kind: 'tls-failed', ...at, code: tls.code };
    return {
      kind: 'closed-without-answer',
      ...at,
      step: 'tls',
      reset: tls.code === 'ECONNRESET',
    };
  }
  if (http === null) return null;
  switch (http.outcome) {
    case 'response':
      if (http.statusCode >= 500) {
        return {
          kind: 'http-server-error',
          ...at,
          status: http.statusCode,
          statusLine: http.statusLine,
        };
      }
      if (http.statusCode >= 400) {
        return {
          kind: 'http-client-error',
          ...at,
          status: http.statusCode,
          statusLine: http.statusLine,
        };
      }
      return null;
    case 'tls-record':
      return { kind: 'plain-to-tls', ...at };
    case 'not-http':
      return { kind: 'not-http', ...at, preview: http.preview };
    case 'closed':
      return { kind: 'closed-without-answer', ...at, step: 'http', reset: http.reset };
    case 'error':
      return {
        kind: 'closed-without-answer',
        ...at,
        step: 'http',
        reset: http.code === 'ECONNRESET',
      };
    case 'timeout':
      return { kind: 'response-timeout', ...at, step: 'http', timeoutMs: facts.timeouts.httpMs };
  }
}

const familyOfIp = (ip: string): AddressFamily => (ip.includes(':') ? 'IPv6' : 'IPv4');

/** Why none of `probes` connected: refused (and who listens elsewhere), timed out, or failed. */
function connectVerdict(probes: readonly AddressProbe[], facts: DiagnosisFacts): Verdict {
  const port = facts.target.port;
  const addresses = probes.map((p) => p.address);
  if (probes.every((p) => p.connect.outcome === 'timeout')) {
    return { kind: 'connect-timeout', addresses, port, timeoutMs: facts.timeouts.connectMs };
  }
  const refused = probes.filter((p) => p.connect.outcome === 'refused');
  if (refused.length === 0) {
    const failed = probes.find((p) => p.connect.outcome === 'error');
    const code = failed?.connect.outcome === 'error' ? failed.connect.code : null;
    return { kind: 'connect-failed', addresses, port, code, holder: null };
  }
  const refusedAt = refused.map((p) => p.address);
  // Listed as listening on the very address that refused: the OS tables and the connect
  // disagree (a full backlog, a firewall rule rejecting). Say what was measured.
  const listedHere = refused.find((p) => p.listening.here.length > 0);
  if (listedHere !== undefined) {
    return {
      kind: 'connect-failed',
      addresses: refusedAt,
      port,
      code: 'ECONNREFUSED',
      holder: firstHolder(listedHere),
    };
  }
  const others: PortHolder[] = [];
  for (const probe of refused) {
    for (const holder of probe.listening.elsewhere)
      if (!others.includes(holder)) others.push(holder);
  }
  const triedFamilies = new Set(refused.map((p) => p.family));
  const otherFamily = others.filter((h) => {
    const ip = holderIp(h);
    return ip !== null && !triedFamilies.has(familyOfIp(ip));
  });
  const triedFamily = refused[0]?.family ?? 'IPv4';
  if (otherFamily.length > 0) {
    return {
      kind: 'other-family-only',
      addresses: refusedAt,
      port,
      triedFamily,
      listeningOn: otherFamily.map((h) => h.address),
      holder: otherFamily[0] ?? null,
    };
  }
  if (others.length > 0) {
    return {
      kind: 'other-address-only',
      addresses: refusedAt,
      port,
      listeningOn: others.map((h) => h.address),
      holder: others[0] ?? null,
    };
  }
  return { kind: 'nothing-listening', addresses: refusedAt, port };
}

export function chooseVerdict(facts: DiagnosisFacts): Verdict {
  const { target, resolution, probes } = facts;
  const port = target.port;
  if (resolution.addresses.length === 0) {
    return { kind: 'name-not-resolved', host: target.host, code: resolution.error };
  }
  const tried = probes.filter((p) => p.connect.outcome !== 'skipped');
  if (tried.length === 0) {
    return {
      kind: 'out-of-time',
      addresses: resolution.addresses.map((a) => a.address),
      port,
      totalMs: facts.timeouts.totalMs,
    };
  }
  const connected = tried.filter((p) => p.connect.outcome === 'open');

  // The wrong program answering explains whatever else goes wrong there, so it comes first. A
  // holder the OS does not name (another user's process) is not evidence either way.
  const expected = facts.expectProcess;
  if (expected !== null && expected.trim() !== '') {
    for (const probe of connected) {
      const named = probe.listening.here.filter((h) => h.name !== null || h.commandLine !== null);
      const other = named[0];
      if (other !== undefined && !named.some((h) => matchesProgram(h, expected))) {
        return {
          kind: 'unexpected-process',
          address: probe.address,
          port,
          holder: other,
          expected,
        };
      }
    }
  }

  const outcomes = tried.map((probe) => ({
    probe,
    problem:
      probe.connect.outcome === 'open'
        ? problemAfterConnect(probe, facts)
        : connectVerdict([probe], facts),
  }));
  const working = outcomes.filter((o) => o.problem === null).map((o) => o.probe);
  const failingIndex = outcomes.findIndex((o) => o.problem !== null);
  if (failingIndex === -1) {
    const answered = working.find((p) => p.http?.outcome === 'response');
    const untrusted = working.find((p) => p.tls?.outcome === 'ok' && !p.tls.trusted);
    return {
      kind: 'ok',
      addresses: working.map((p) => p.address),
      port,
      holder: working.map(firstHolder).find((h) => h !== null) ?? null,
      status: answered?.http?.outcome === 'response' ? answered.http.statusCode : null,
      untrusted:
        untrusted?.tls?.outcome === 'ok'
          ? (untrusted.tls.authorizationError ?? 'not trusted')
          : null,
    };
  }
  if (working.length > 0) {
    const workingIndex = outcomes.findIndex((o) => o.problem === null);
    return {
      kind: 'partial',
      host: target.host,
      port,
      working: working.map((p) => p.address),
      failing: outcomes.filter((o) => o.problem !== null).map((o) => o.probe.address),
      failingFirst: failingIndex < workingIndex,
      holder: working.map(firstHolder).find((h) => h !== null) ?? null,
    };
  }
  // Nothing works. Where a connection was made, what it answered is the more specific story.
  const reached = outcomes.find((o) => o.probe.connect.outcome === 'open');
  if (reached?.problem != null) return reached.problem;
  return connectVerdict(tried, facts);
}
