// What the behaviour fields hold while a person edits them (strings, as typed, for every kind at
// once so switching kinds loses nothing) and the conversion to the contract's BehaviourConfig and
// FaultConfig. Pure, so the open-port form and the per-port editor share it and tests cover it.
import {
  DEFAULT_RELAY_TIMEOUT_MS,
  NO_FAULTS,
  unsupportedOn,
  type BehaviourConfig,
  type BehaviourKind,
  type FaultConfig,
} from '../../../../../shared/behaviours';
import type { MOCK_TIMINGS } from '../../../../../shared/behaviours';

type MockTiming = (typeof MOCK_TIMINGS)[number];
import type { Protocol } from '../../../../../shared/model';
import type { PayloadSpec } from '../../../../../shared/payload-spec';
import type { PayloadDraft } from '../../../components/payload-field/payload-draft';
import { payloadStatus } from '../../../components/payload-field/payload-status';
import { formatHeaderLines, parseHeaderLines } from './header-lines';
import { parseOptionalWhole, parseWhole } from './whole-number';

export interface ReplyDraft {
  readonly onConnect: PayloadDraft;
  readonly onData: PayloadDraft;
  readonly closeAfterReply: boolean;
}

export interface HttpDraft {
  readonly status: string;
  readonly reason: string;
  /** One "Name: value" per line. */
  readonly headers: string;
  readonly body: PayloadDraft;
}

export interface RelayDraft {
  readonly host: string;
  readonly port: string;
  readonly timeoutMs: string;
}

export interface MockDraft {
  /** The recorded connection's id, as typed. */
  readonly connectionId: string;
  readonly timing: MockTiming;
  readonly onDivergence: 'continue' | 'reset';
}

/** Empty means off. */
export interface FaultsDraft {
  readonly delayMs: string;
  readonly bytesPerSecond: string;
  readonly splitBytes: string;
  readonly resetAfterBytes: string;
}

export interface BehaviourDraft {
  readonly kind: BehaviourKind;
  readonly reply: ReplyDraft;
  readonly http: HttpDraft;
  readonly relay: RelayDraft;
  readonly mock: MockDraft;
  readonly faults: FaultsDraft;
}

export type FaultField = keyof FaultsDraft;
export type DraftField =
  | 'kind'
  | 'onConnect'
  | 'onData'
  | 'status'
  | 'reason'
  | 'headers'
  | 'body'
  | 'host'
  | 'port'
  | 'timeoutMs'
  | 'connectionId'
  | FaultField;
export type DraftErrors = Partial<Record<DraftField, string>>;

export type DraftResult =
  | { readonly ok: true; readonly behaviour: BehaviourConfig; readonly faults: FaultConfig }
  | { readonly ok: false; readonly errors: DraftErrors };

const EMPTY_TEXT: PayloadDraft = { format: 'text', value: '' };

/** Starting values that already work, so choosing "HTTP responder" and applying does something. */
export const DEFAULT_DRAFT: BehaviourDraft = {
  kind: 'capture',
  reply: { onConnect: EMPTY_TEXT, onData: EMPTY_TEXT, closeAfterReply: false },
  http: {
    status: '200',
    reason: '',
    headers: 'Content-Type: text/plain; charset=utf-8',
    body: { format: 'text', value: 'Hello from Porthole\\n' },
  },
  relay: { host: '127.0.0.1', port: '', timeoutMs: String(DEFAULT_RELAY_TIMEOUT_MS) },
  mock: { connectionId: '', timing: 'turns', onDivergence: 'continue' },
  faults: { delayMs: '', bytesPerSecond: '', splitBytes: '', resetAfterBytes: '' },
};

const optionalText = (n: number | null): string => (n === null ? '' : String(n));

/** The fields as a port's current configuration fills them (other kinds keep their defaults). */
export function draftFromConfig(behaviour: BehaviourConfig, faults: FaultConfig): BehaviourDraft {
  const d = DEFAULT_DRAFT;
  return {
    kind: behaviour.kind,
    reply:
      behaviour.kind === 'reply'
        ? {
            onConnect: behaviour.onConnect ?? EMPTY_TEXT,
            onData: behaviour.onData ?? EMPTY_TEXT,
            closeAfterReply: behaviour.closeAfterReply,
          }
        : d.reply,
    http:
      behaviour.kind === 'http'
        ? {
            status: String(behaviour.status),
            reason: behaviour.reason,
            headers: formatHeaderLines(behaviour.headers),
            body: behaviour.body,
          }
        : d.http,
    relay:
      behaviour.kind === 'relay'
        ? {
            host: behaviour.host,
            port: String(behaviour.port),
            timeoutMs: String(behaviour.connectTimeoutMs),
          }
        : d.relay,
    mock:
      behaviour.kind === 'mock'
        ? {
            connectionId: String(behaviour.connectionId),
            timing: behaviour.timing,
            onDivergence: behaviour.onDivergence,
          }
        : d.mock,
    faults: {
      delayMs: faults.delayMs > 0 ? String(faults.delayMs) : '',
      bytesPerSecond: optionalText(faults.bytesPerSecond),
      splitBytes: optionalText(faults.splitBytes),
      resetAfterBytes: optionalText(faults.resetAfterBytes),
    },
  };
}

/** Collects field errors while a conversion runs; the value is only used when there are none. */
class Checker {
  readonly errors: DraftErrors = {};

  payload(field: DraftField, draft: PayloadDraft, optional: boolean): PayloadSpec | null {
    if (optional && draft.value === '') return null;
    const status = payloadStatus(draft);
    if (!status.ok) this.errors[field] = status.text;
    return { format: draft.format, value: draft.value };
  }

  whole(field: DraftField, text: string, min: number, max: number, message: string): number {
    const parsed = parseWhole(text, min, max, message);
    if (parsed.ok) return parsed.value;
    this.errors[field] = parsed.message;
    return min;
  }

  optionalWhole(field: DraftField, text: string, min: number, max: number, message: string) {
    const parsed = parseOptionalWhole(text, min, max, message);
    if (parsed.ok) return parsed.value;
    this.errors[field] = parsed.message;
    return null;
  }
}

function replyConfig(c: Checker, d: ReplyDraft, protocol: Protocol): BehaviourConfig {
  // UDP has no connect: the field is hidden there, so whatever it still holds is not sent.
  const onConnect = protocol === 'udp' ? null : c.payload('onConnect', d.onConnect, true);
  const onData = c.payload('onData', d.onData, true);
  if (onConnect === null && onData === null) {
    c.errors.onData =
      protocol === 'udp'
        ? 'Enter the reply to send for each datagram.'
        : 'Enter a reply on connect, a reply to each chunk, or both.';
  }
  return { kind: 'reply', onConnect, onData, closeAfterReply: d.closeAfterReply };
}

function httpConfig(c: Checker, d: HttpDraft): BehaviourConfig {
  const status = c.whole('status', d.status, 100, 599, 'Enter a status code from 100 to 599.');
  const reason = d.reason.trim();
  if (reason.length > 128) c.errors.reason = 'Keep the reason phrase to 128 characters or fewer.';
  const parsed = parseHeaderLines(d.headers);
  if (!parsed.ok) c.errors.headers = parsed.message;
  const body = c.payload('body', d.body, false) ?? EMPTY_TEXT;
  const headers = parsed.ok ? parsed.headers.map(([n, v]): [string, string] => [n, v]) : [];
  return { kind: 'http', status, reason, headers, body };
}

function relayConfig(c: Checker, d: RelayDraft): BehaviourConfig {
  const host = d.host.trim();
  if (host === '') c.errors.host = 'Enter the upstream host, e.g. 127.0.0.1.';
  else if (/[\s/\\?#@]/.test(host) || host.length > 253) {
    c.errors.host = `"${host}" is not a host name or IP address.`;
  }
  const port = c.whole('port', d.port, 1, 65535, 'Enter the upstream port, from 1 to 65535.');
  const timeout =
    d.timeoutMs.trim() === ''
      ? DEFAULT_RELAY_TIMEOUT_MS
      : c.whole('timeoutMs', d.timeoutMs, 100, 120_000, 'Enter a timeout from 100 to 120,000 ms.');
  // Brackets are how people write IPv6 next to a port; the engine wants the bare address.
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  return { kind: 'relay', host: bare, port, connectTimeoutMs: timeout };
}

function mockConfig(c: Checker, d: MockDraft, protocol: Protocol): BehaviourConfig {
  const connectionId = c.whole(
    'connectionId',
    d.connectionId.replace(/^#/, ''),
    1,
    Number.MAX_SAFE_INTEGER,
    'Enter the number of the connection to answer like, e.g. 12.',
  );
  // UDP answers each datagram: the timing field is hidden there, and not sent.
  const timing = protocol === 'udp' ? 'turns' : d.timing;
  return { kind: 'mock', connectionId, timing, onDivergence: d.onDivergence };
}

const BYTES_MESSAGE = 'Enter a whole number of bytes (1 or more), or leave it empty for off.';

function faultConfig(c: Checker, d: FaultsDraft, protocol: Protocol): FaultConfig {
  const delay = c.optionalWhole(
    'delayMs',
    d.delayMs,
    0,
    600_000,
    'Enter a delay from 0 to 600,000 ms, or leave it empty for none.',
  );
  // UDP ports support only the delay; the other fields are disabled there and not sent.
  if (protocol === 'udp') return { ...NO_FAULTS, delayMs: delay ?? 0 };
  const max = Number.MAX_SAFE_INTEGER;
  return {
    delayMs: delay ?? 0,
    bytesPerSecond: c.optionalWhole('bytesPerSecond', d.bytesPerSecond, 1, max, BYTES_MESSAGE),
    splitBytes: c.optionalWhole('splitBytes', d.splitBytes, 1, max, BYTES_MESSAGE),
    resetAfterBytes: c.optionalWhole(
      'resetAfterBytes',
      d.resetAfterBytes,
      0,
      max,
      'Enter a whole number of bytes (0 resets on connect), or leave it empty for off.',
    ),
  };
}

function behaviourConfig(c: Checker, d: BehaviourDraft, protocol: Protocol): BehaviourConfig {
  switch (d.kind) {
    case 'capture':
    case 'echo':
      return { kind: d.kind };
    case 'reply':
      return replyConfig(c, d.reply, protocol);
    case 'http':
      return httpConfig(c, d.http);
    case 'relay':
      return relayConfig(c, d.relay);
    case 'mock':
      return mockConfig(c, d.mock, protocol);
  }
}

/** Check only the chosen kind's fields (and the faults); other kinds' drafts are kept, unsent. */
export function draftToConfig(draft: BehaviourDraft, protocol: Protocol): DraftResult {
  const c = new Checker();
  const behaviour = behaviourConfig(c, draft, protocol);
  const faults = faultConfig(c, draft.faults, protocol);
  if (Object.keys(c.errors).length > 0) return { ok: false, errors: c.errors };
  // The shared rule has the last word, so the form never sends what the engine would refuse.
  const refused = unsupportedOn(protocol, behaviour, faults);
  if (refused !== null) return { ok: false, errors: { kind: refused } };
  return { ok: true, behaviour, faults };
}
