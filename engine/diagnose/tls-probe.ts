// Step 4: one TLS handshake on the connected socket. Any certificate is accepted so that it can
// be reported (subject, issuer, dates), with whether this machine would trust it and why not.
// A failed handshake is classified by the bytes the peer sent, never by the error's wording.

import { isIP, type Socket } from 'node:net';
import { connect, type PeerCertificate, type TLSSocket } from 'node:tls';
import type { CertificateFacts, TlsStep } from '../../shared/diagnosis/diagnosis';
import { classifyPeer, previewBytes, PREVIEW_BYTES } from './peer-bytes';
import { tapSocket } from './socket-tap';
import { elapsedSince } from './step-clock';

export interface TlsOutcome {
  readonly step: TlsStep;
  /** The secured socket, when the handshake completed; the caller ends it. */
  readonly socket: TLSSocket | null;
}

function names(entries: object | undefined): string {
  if (entries === undefined) return '';
  return Object.entries(entries)
    .map(([key, value]) => `${key}=${Array.isArray(value) ? value.join('+') : String(value)}`)
    .join(', ');
}

function isoDate(text: string | undefined): string | null {
  if (text === undefined) return null;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

function certificateFacts(cert: PeerCertificate): CertificateFacts | null {
  // No certificate at all is an empty object.
  if (Object.keys(cert).length === 0) return null;
  return {
    subject: names(cert.subject),
    issuer: names(cert.issuer),
    validFrom: isoDate(cert.valid_from),
    validTo: isoDate(cert.valid_to),
  };
}

function authorizationText(error: unknown): string | null {
  if (error === null || error === undefined) return null;
  if (typeof error === 'string') return error;
  if (error instanceof Error) return (error as NodeJS.ErrnoException).code ?? error.message;
  return 'not trusted';
}

export function tlsProbe(
  socket: Socket,
  host: string,
  alpn: readonly string[],
  timeoutMs: number,
): Promise<TlsOutcome> {
  const started = performance.now();
  const tap = tapSocket(socket, PREVIEW_BYTES);
  return new Promise((resolve) => {
    const secure = connect({
      socket: tap.stream,
      // SNI carries names only; for an IP address, `host` is what the certificate is checked for.
      ...(isIP(host) === 0 ? { servername: host } : {}),
      host,
      ALPNProtocols: [...alpn],
      // Reported, not enforced: a self-signed development certificate is the common case here.
      rejectUnauthorized: false,
    });
    let done = false;
    const finish = (step: TlsStep, open: TLSSocket | null) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (open === null) secure.destroy();
      resolve({ step, socket: open });
    };
    const failed = (code: string | null) => {
      const bytes = tap.firstBytes();
      const reset = tap.wasReset() ? 'ECONNRESET' : null;
      finish(
        {
          outcome: 'failed',
          ms: elapsedSince(started),
          code: code ?? reset,
          peer: classifyPeer(bytes),
          preview: previewBytes(bytes),
        },
        null,
      );
    };
    const timer = setTimeout(() => {
      finish(
        { outcome: 'timeout', ms: elapsedSince(started), peer: classifyPeer(tap.firstBytes()) },
        null,
      );
    }, timeoutMs);
    secure.once('secureConnect', () => {
      finish(
        {
          outcome: 'ok',
          ms: elapsedSince(started),
          protocol: secure.getProtocol(),
          alpn: typeof secure.alpnProtocol === 'string' ? secure.alpnProtocol : null,
          certificate: certificateFacts(secure.getPeerCertificate()),
          trusted: secure.authorized,
          authorizationError: secure.authorized
            ? null
            : authorizationText(secure.authorizationError),
        },
        secure,
      );
    });
    secure.on('error', (error: NodeJS.ErrnoException) => failed(error.code ?? null));
    secure.once('close', () => failed(null));
  });
}
