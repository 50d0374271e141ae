// How a browser-mode tab signs in. Porthole prints links like http://127.0.0.1:PORT/#code=…, and
// a code works once. The page takes it out of the address bar before anything else (history
// keeps at most a spent code), swaps it for this run's token with a same-origin POST /session,
// and keeps the token in the tab's sessionStorage — per origin, port included, so a reload
// reconnects and no other local server can read it. A tab opened without a code asks the tabs
// already signed in, on a BroadcastChannel (per origin too). The token then travels only in the
// engine socket's URL, which no history or cookie jar keeps.

const STORAGE_KEY = 'porthole.token';
const CHANNEL_NAME = 'porthole.session';
/** How long a new tab waits for a signed-in tab to answer. */
const ASK_TIMEOUT_MS = 400;

export type SessionResult =
  | { readonly ok: true; readonly token: string }
  /** No link, a spent one, or no signed-in tab to ask: only a new link helps. */
  | { readonly ok: false; readonly retry: false }
  /** Porthole did not answer: the code is kept for the next try. */
  | { readonly ok: false; readonly retry: true };

type ChannelMessage = { readonly type: 'ask' } | { readonly type: 'token'; readonly token: string };

let token: string | null = null;
let pendingCode: string | null | undefined;
let channel: BroadcastChannel | null = null;

function storage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null; // storage disabled: the token lives in memory for this page's reconnects
  }
}

/** The code in the address bar, removed from it at once (and from the history entry). */
function takeCode(): string | null {
  const url = new URL(window.location.href);
  const params = new URLSearchParams(url.hash.slice(1));
  const code = params.get('code');
  if (code === null) return null;
  params.delete('code');
  const rest = params.toString();
  window.history.replaceState(
    window.history.state,
    '',
    `${url.pathname}${url.search}${rest ? `#${rest}` : ''}`,
  );
  return code;
}

function openChannel(): BroadcastChannel | null {
  if (channel !== null || typeof BroadcastChannel === 'undefined') return channel;
  channel = new BroadcastChannel(CHANNEL_NAME);
  channel.onmessage = (event: MessageEvent<ChannelMessage>) => {
    if (event.data.type === 'ask' && token !== null) {
      channel?.postMessage({ type: 'token', token } satisfies ChannelMessage);
    }
  };
  return channel;
}

function askOtherTabs(): Promise<string | null> {
  const ch = openChannel();
  if (ch === null) return Promise.resolve(null);
  return new Promise((resolve) => {
    const listener = (event: MessageEvent<ChannelMessage>) => {
      if (event.data.type !== 'token' || typeof event.data.token !== 'string') return;
      done(event.data.token);
    };
    const timer = window.setTimeout(() => done(null), ASK_TIMEOUT_MS);
    function done(value: string | null) {
      window.clearTimeout(timer);
      ch?.removeEventListener('message', listener);
      resolve(value);
    }
    ch.addEventListener('message', listener);
    ch.postMessage({ type: 'ask' } satisfies ChannelMessage);
  });
}

async function exchange(code: string): Promise<SessionResult> {
  let response: Response;
  try {
    response = await fetch('/session', {
      method: 'POST',
      body: code,
      headers: { 'Content-Type': 'text/plain' },
      cache: 'no-store',
      credentials: 'omit',
    });
  } catch {
    return { ok: false, retry: true };
  }
  pendingCode = null; // spent, whatever the answer
  if (!response.ok) return { ok: false, retry: false };
  const body = (await response.json().catch(() => null)) as { token?: unknown } | null;
  return typeof body?.token === 'string'
    ? { ok: true, token: body.token }
    : { ok: false, retry: false };
}

function keep(value: string): SessionResult {
  token = value;
  try {
    storage()?.setItem(STORAGE_KEY, value);
  } catch {
    // storage full or disabled: memory only
  }
  openChannel();
  return { ok: true, token: value };
}

/** This tab's token, signing in first if needed. */
async function sessionToken(): Promise<SessionResult> {
  if (pendingCode === undefined) pendingCode = takeCode();
  if (pendingCode !== null) {
    const result = await exchange(pendingCode);
    if (result.ok) return keep(result.token);
    if (result.retry) return result;
    // A spent link: a token this tab already had is still worth trying.
  }
  if (token !== null) return { ok: true, token };
  const stored = storage()?.getItem(STORAGE_KEY) ?? null;
  if (stored !== null) return keep(stored);
  const shared = await askOtherTabs();
  return shared === null ? { ok: false, retry: false } : keep(shared);
}

/** The engine socket's URL, or why there is none yet. */
export async function engineSocketUrl(): Promise<string | SessionResult> {
  const session = await sessionToken();
  if (!session.ok) return session;
  const { protocol, host } = window.location;
  const scheme = protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${host}/ws?token=${encodeURIComponent(session.token)}`;
}
