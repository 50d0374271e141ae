// Why a request was refused, in words a person can act on. Texts never echo the token or any
// request header back (nothing attacker-chosen is reflected).

export type RefusalKind =
  | 'bad-host'
  | 'bad-origin'
  | 'cross-site'
  | 'no-token'
  | 'spent-link'
  | 'bad-method'
  | 'bad-path'
  | 'not-found'
  | 'too-many-clients'
  | 'ticket-spent'
  | 'internal';

export interface Refusal {
  readonly kind: RefusalKind;
  readonly status: number;
  readonly text: string;
}

const OPEN_PRINTED_URL = 'Open the link Porthole printed in its terminal.';
const NEW_LINK =
  "Each link Porthole prints opens one tab, once: press Enter in Porthole's terminal for a new link.";

export function refusal(kind: RefusalKind, port: number): Refusal {
  const own = `http://127.0.0.1:${port}/ or http://localhost:${port}/`;
  switch (kind) {
    case 'bad-host':
      return {
        kind,
        status: 421,
        text: `Porthole refused this request: it was addressed to another host name. Porthole answers only at ${own} (this blocks DNS-rebinding attacks). ${OPEN_PRINTED_URL}`,
      };
    case 'bad-origin':
      return {
        kind,
        status: 403,
        text: `Porthole refused this request: it came from another web page. Only Porthole's own page at ${own} may talk to it. ${OPEN_PRINTED_URL}`,
      };
    case 'cross-site':
      return {
        kind,
        status: 403,
        text: `Porthole refused this request: it was made by another site. ${OPEN_PRINTED_URL}`,
      };
    case 'no-token':
      return {
        kind,
        status: 403,
        text: `Porthole refused this request: the access token is missing or wrong. ${OPEN_PRINTED_URL} Each run of Porthole has a new token, so after a restart use the new link. ${NEW_LINK}`,
      };
    case 'spent-link':
      return {
        kind,
        status: 403,
        text: `This Porthole link was already used or has expired. ${NEW_LINK}`,
      };
    case 'bad-method':
      return {
        kind,
        status: 405,
        text: 'Porthole answers only GET and HEAD requests here (and POST from its own page).',
      };
    case 'bad-path':
      return { kind, status: 400, text: 'Porthole refused this request: the path is not valid.' };
    case 'not-found':
      return { kind, status: 404, text: 'Not found. Porthole serves only its own user interface.' };
    case 'too-many-clients':
      return {
        kind,
        status: 503,
        text: 'Too many Porthole tabs are connected. Close some of them, then reload this one.',
      };
    case 'ticket-spent':
      return {
        kind,
        status: 410,
        text: "This download or upload address was already used or has expired (each works once, for a minute). Start the export or import again from Porthole's page.",
      };
    case 'internal':
      return {
        kind,
        status: 500,
        text: 'Porthole could not answer this request. Check its terminal for details.',
      };
  }
}
