// One-time addresses for the transfers of browser mode. A download or upload is a plain HTTP
// request the page makes (the browser's own download manager, a streamed upload), so it cannot
// carry the WebSocket's token without putting it in a URL. Instead, a command over the socket
// (which the token guards) issues a ticket: random, good once, for a minute, for one transfer.

import { createAccessToken, tokensEqual } from './access-token';
import type { ExportRequest } from '../shared/transfer';

export type TicketFor =
  | { readonly kind: 'export'; readonly request: ExportRequest; readonly fileName: string }
  | { readonly kind: 'import'; readonly fileName: string; readonly size: number };

export interface TransferTickets {
  issue(what: TicketFor): string;
  /** What the ticket was issued for, once, within its lifetime; null otherwise. */
  redeem(ticket: string): TicketFor | null;
}

const MAX_OUTSTANDING = 32;

export const TRANSFER_PATH = '/transfer/';

export function createTransferTickets(
  ttlMs = 60_000,
  now: () => number = Date.now,
): TransferTickets {
  const tickets = new Map<string, { readonly what: TicketFor; readonly expires: number }>();
  return {
    issue(what) {
      const ticket = createAccessToken();
      tickets.set(ticket, { what, expires: now() + ttlMs });
      // Bounded: the oldest outstanding ticket is dropped first.
      while (tickets.size > MAX_OUTSTANDING) {
        const oldest = tickets.keys().next().value;
        if (oldest === undefined) break;
        tickets.delete(oldest);
      }
      return ticket;
    },
    redeem(ticket) {
      for (const [candidate, entry] of tickets) {
        if (tokensEqual(ticket, candidate)) {
          tickets.delete(candidate);
          return entry.expires >= now() ? entry.what : null;
        }
      }
      return null;
    },
  };
}
