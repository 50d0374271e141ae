// The browser-mode page is opened as http://127.0.0.1:PORT/?token=…. The token is read once and
// removed from the address bar so it does not linger in history or screenshots. It is kept in
// sessionStorage, which (unlike cookies) is per origin, port included, so reloads can reconnect
// while no other local web server can ever read it. The server accepts the socket only with it.

const STORAGE_KEY = 'porthole.token';
let token: string | null | undefined;

function storedToken(): string | null {
  try {
    return window.sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null; // storage disabled: reloads then need the printed URL again
  }
}

function storeToken(value: string): void {
  try {
    window.sessionStorage.setItem(STORAGE_KEY, value);
  } catch {
    // storage disabled: the token still lives in memory for this page's reconnects
  }
}

function takePageToken(): string | null {
  if (token !== undefined) return token;
  const url = new URL(window.location.href);
  token = url.searchParams.get('token') ?? storedToken();
  if (url.searchParams.has('token') && token !== null) {
    storeToken(token);
    url.searchParams.delete('token');
    const rest = url.searchParams.toString();
    window.history.replaceState(
      window.history.state,
      '',
      `${url.pathname}${rest ? `?${rest}` : ''}${url.hash}`,
    );
  }
  return token;
}

export function engineSocketUrl(): string {
  const { protocol, host } = window.location;
  const scheme = protocol === 'https:' ? 'wss' : 'ws';
  const t = takePageToken();
  return `${scheme}://${host}/ws${t ? `?token=${encodeURIComponent(t)}` : ''}`;
}
