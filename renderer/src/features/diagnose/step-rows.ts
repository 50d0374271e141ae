// A diagnosis as the rows of its steps table: what was checked, on which address, what came of
// it and how long it took. Everything the peer sent arrives here already escaped by the engine;
// it is clipped again and only ever rendered as text.

import { describeHolder } from '../../../../shared/errors';
import type {
  AddressProbe,
  ConnectStep,
  Diagnosis,
  HttpHeader,
  HttpStep,
  TlsStep,
} from '../../../../shared/diagnosis/diagnosis';
import { hostPort } from '../../../../shared/diagnosis/describe-verdict';

type StepTone = 'ok' | 'problem' | 'info';

export interface StepRow {
  readonly key: string;
  readonly step: string;
  readonly address: string;
  readonly result: string;
  readonly tone: StepTone;
  /** Milliseconds, or null for a step that was not timed (an IP needs no lookup). */
  readonly ms: number | null;
  readonly headers?: readonly HttpHeader[];
}

const MAX_TEXT = 300;

/** Peer text, clipped: a result cell stays a line or two whatever the peer sent. */
export function clip(text: string, max = MAX_TEXT): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function connectText(step: ConnectStep): [string, StepTone] {
  switch (step.outcome) {
    case 'open':
      return ['Open: the connection was accepted', 'ok'];
    case 'refused':
      return ['Refused: nothing accepts connections here', 'problem'];
    case 'timeout':
      return ['Timed out: neither accepted nor refused', 'problem'];
    case 'error':
      return [`Failed${step.code === null ? '' : ` (${step.code})`}`, 'problem'];
    case 'skipped':
      return ['Not tried: out of time', 'info'];
  }
}

const PEER_WORDS = {
  tls: 'it answered in TLS',
  http: 'it answered in plain HTTP',
  other: 'it answered in plain text',
  nothing: 'it sent nothing',
} as const;

function tlsText(step: TlsStep): [string, StepTone] {
  if (step.outcome === 'timeout') {
    return [`No handshake within the time limit; ${PEER_WORDS[step.peer]}`, 'problem'];
  }
  if (step.outcome === 'failed') {
    const said = step.preview === '' ? '' : `: ${step.preview}`;
    return [
      clip(
        `Handshake failed${step.code === null ? '' : ` (${step.code})`}; ${PEER_WORDS[step.peer]}${said}`,
      ),
      'problem',
    ];
  }
  const cert = step.certificate;
  const parts = [
    step.protocol ?? 'TLS',
    step.alpn === null ? 'no ALPN' : `ALPN ${step.alpn}`,
    cert === null
      ? 'no certificate'
      : `certificate ${cert.subject || '(no subject)'}, issued by ${cert.issuer || '(no issuer)'}`,
  ];
  if (cert !== null && (cert.validFrom !== null || cert.validTo !== null)) {
    parts.push(
      `valid ${cert.validFrom?.slice(0, 10) ?? '?'} to ${cert.validTo?.slice(0, 10) ?? '?'}`,
    );
  }
  parts.push(
    step.trusted ? 'trusted' : `not trusted (${step.authorizationError ?? 'unknown reason'})`,
  );
  return [clip(parts.join(' · ')), step.trusted ? 'ok' : 'info'];
}

function httpText(step: HttpStep): [string, StepTone] {
  switch (step.outcome) {
    case 'response': {
      const extra = [
        `first byte after ${step.ttfbMs} ms`,
        `${step.headers.length} ${step.headers.length === 1 ? 'header' : 'headers'}${step.headersCut ? ' (more left out)' : ''}`,
      ];
      if (!step.headComplete) extra.push('head incomplete');
      return [
        clip(`${step.statusLine} · ${extra.join(' · ')}`),
        step.statusCode < 400 ? 'ok' : 'problem',
      ];
    }
    case 'tls-record':
      return [clip(`Answered with a TLS record: ${step.preview}`), 'problem'];
    case 'not-http':
      return [clip(`Not HTTP: ${step.preview}`), 'problem'];
    case 'closed':
      return [`${step.reset ? 'Reset' : 'Closed'} without answering`, 'problem'];
    case 'timeout':
      return [`No answer within the time limit (${step.bytes} bytes received)`, 'problem'];
    case 'error':
      return [`Failed${step.code === null ? '' : ` (${step.code})`}`, 'problem'];
  }
}

function listeningText(probe: AddressProbe, port: number): [string, StepTone] {
  const { here, elsewhere } = probe.listening;
  const who = (list: typeof here) =>
    list.map((h) => `${describeHolder(h)} on ${h.address}`).join('; ');
  if (here.length > 0) return [clip(`Yes: ${who(here)}`), 'ok'];
  if (elsewhere.length > 0) {
    return [
      clip(`Not on ${hostPort(probe.address, port)}; on this port: ${who(elsewhere)}`),
      'problem',
    ];
  }
  return ['No listener found on this port', 'info'];
}

export function stepRows(d: Diagnosis): StepRow[] {
  const port = d.target.port;
  const r = d.resolution;
  const rows: StepRow[] = [
    {
      key: 'resolve',
      step: 'Name resolution',
      address: d.target.host,
      result:
        r.error !== null
          ? `Failed (${r.error})`
          : r.literal
            ? 'An IP address: nothing to look up'
            : `${r.addresses.map((a) => a.address).join(', ')} (in this order)`,
      tone: r.error !== null ? 'problem' : 'ok',
      ms: r.literal ? null : r.ms,
    },
  ];
  for (const probe of d.probes) {
    const address = hostPort(probe.address, port);
    const add = (
      step: string,
      [result, tone]: [string, StepTone],
      ms: number | null,
      headers?: readonly HttpHeader[],
    ) =>
      rows.push({
        key: `${probe.address}-${step}`,
        step,
        address,
        result,
        tone,
        ms,
        ...(headers ? { headers } : {}),
      });
    add('Listening', listeningText(probe, port), d.listeners?.ms ?? null);
    add('TCP connect', connectText(probe.connect), probe.connect.ms);
    if (probe.tls !== null) add('TLS handshake', tlsText(probe.tls), probe.tls.ms);
    if (probe.http !== null) {
      const headers = probe.http.outcome === 'response' ? probe.http.headers : undefined;
      add(
        `HTTP GET ${clip(d.target.path ?? '/', 80)}`,
        httpText(probe.http),
        probe.http.ms,
        headers,
      );
    }
  }
  return rows;
}
