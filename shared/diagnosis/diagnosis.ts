// What a diagnosis measured, step by step: the name's addresses, who listens on the port, and per
// address the TCP connect, the TLS handshake and the HTTP request, each with its time. The
// verdict (verdict.ts) is chosen from these facts alone.

import type { AddressFamily, PortHolder } from '../model';
import type { Verdict } from './verdict';

type TargetScheme = 'tcp' | 'http' | 'https';

export interface DiagnoseTarget {
  /** As typed (trimmed). */
  readonly input: string;
  readonly scheme: TargetScheme;
  /** The host without brackets: "localhost", "127.0.0.1", "::1". */
  readonly host: string;
  readonly port: number;
  /** Path and query sent in the HTTP request; null when no request is made. */
  readonly path: string | null;
  readonly tls: boolean;
}

export interface ResolvedAddress {
  readonly address: string;
  readonly family: AddressFamily;
}

export interface ResolutionStep {
  readonly ms: number;
  /** The target was an IP address: nothing was looked up. */
  readonly literal: boolean;
  /** In the order the OS gave them, which is the order most clients try them in. */
  readonly addresses: readonly ResolvedAddress[];
  /** The resolver's error code (ENOTFOUND, EAI_AGAIN, TIMEOUT…) when it found nothing. */
  readonly error: string | null;
}

export interface ListenerStep {
  readonly ms: number;
  /** Every TCP socket listening on the port, on any address of this machine. */
  readonly holders: readonly PortHolder[];
}

export interface ListeningFacts {
  /** Listeners that accept on this address (its own address, or its family's wildcard). */
  readonly here: readonly PortHolder[];
  /** Listeners on the same port that do not cover this address. */
  readonly elsewhere: readonly PortHolder[];
}

export type ConnectStep =
  | { readonly outcome: 'open'; readonly ms: number }
  | { readonly outcome: 'refused'; readonly ms: number }
  | { readonly outcome: 'timeout'; readonly ms: number }
  /** Unreachable, address not available… `code` is the OS's error code. */
  | { readonly outcome: 'error'; readonly ms: number; readonly code: string | null }
  /** Not tried: the diagnosis ran out of its overall time. */
  | { readonly outcome: 'skipped'; readonly ms: 0 };

/** What the peer sent back when it did not complete a TLS handshake. */
export type PeerSpoke = 'tls' | 'http' | 'other' | 'nothing';

export interface CertificateFacts {
  readonly subject: string;
  readonly issuer: string;
  /** ISO 8601, or null when the certificate's date does not parse. */
  readonly validFrom: string | null;
  readonly validTo: string | null;
}

export type TlsStep =
  | {
      readonly outcome: 'ok';
      readonly ms: number;
      readonly protocol: string | null;
      readonly alpn: string | null;
      readonly certificate: CertificateFacts | null;
      /** Whether this machine's trust store accepts it for the host (rejectUnauthorized). */
      readonly trusted: boolean;
      /** Why not, as Node's code (DEPTH_ZERO_SELF_SIGNED_CERT, ERR_TLS_CERT_ALTNAME_INVALID…). */
      readonly authorizationError: string | null;
    }
  | {
      readonly outcome: 'failed';
      readonly ms: number;
      /** Node's or OpenSSL's error code, for the record; the verdict never reads it. */
      readonly code: string | null;
      readonly peer: PeerSpoke;
      /** The first bytes the peer sent, as escaped text (never markup), at most 128 bytes. */
      readonly preview: string;
    }
  | { readonly outcome: 'timeout'; readonly ms: number; readonly peer: PeerSpoke };

export interface HttpHeader {
  readonly name: string;
  readonly value: string;
}

export type HttpStep =
  | {
      readonly outcome: 'response';
      readonly ms: number;
      /** From the request's last byte written to the answer's first byte. */
      readonly ttfbMs: number;
      readonly statusCode: number;
      readonly statusLine: string;
      readonly headers: readonly HttpHeader[];
      /** Headers past the count or size bound were left out. */
      readonly headersCut: boolean;
      /** The head ended (blank line) within the byte bound and the time. */
      readonly headComplete: boolean;
    }
  /** The answer was a TLS record (an alert, a handshake): the port speaks TLS. */
  | {
      readonly outcome: 'tls-record';
      readonly ms: number;
      readonly ttfbMs: number;
      readonly preview: string;
    }
  /** The answer did not begin with "HTTP/1.". */
  | {
      readonly outcome: 'not-http';
      readonly ms: number;
      readonly ttfbMs: number;
      readonly preview: string;
    }
  /** The peer closed (or reset) the connection without sending a byte. */
  | { readonly outcome: 'closed'; readonly ms: number; readonly reset: boolean }
  | { readonly outcome: 'timeout'; readonly ms: number; readonly bytes: number }
  | { readonly outcome: 'error'; readonly ms: number; readonly code: string | null };

export interface AddressProbe {
  readonly address: string;
  readonly family: AddressFamily;
  readonly listening: ListeningFacts;
  readonly connect: ConnectStep;
  /** Null when no handshake was asked for, or the connect failed. */
  readonly tls: TlsStep | null;
  /** Null when no request was asked for, or an earlier step failed. */
  readonly http: HttpStep | null;
}

/** Everything measured, without the verdict: what the verdict is chosen from. */
export interface DiagnosisFacts {
  readonly target: DiagnoseTarget;
  readonly expectProcess: string | null;
  readonly resolution: ResolutionStep;
  /** Null when the name did not resolve (nothing else was tried). */
  readonly listeners: ListenerStep | null;
  readonly probes: readonly AddressProbe[];
  /** The time bounds used, so words can say "within 3 s". */
  readonly timeouts: DiagnoseTimeouts;
}

export interface DiagnoseTimeouts {
  readonly resolveMs: number;
  readonly connectMs: number;
  readonly tlsMs: number;
  readonly httpMs: number;
  /** The whole diagnosis; steps past it are skipped. */
  readonly totalMs: number;
}

export interface Diagnosis extends DiagnosisFacts {
  readonly verdict: Verdict;
  readonly totalMs: number;
}
