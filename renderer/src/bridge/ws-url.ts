// The browser-mode page is opened as http://127.0.0.1:PORT/?token=…. The token is read once, kept
// in memory for WebSocket reconnects, and removed from the address bar so it does not linger in
// history or screenshots; the server's HttpOnly cookie keeps reloads working.

let token: string | null | undefined;

export function takePageToken(): string | null {
  if (token !== undefined) return token;
  const url = new URL(window.location.href);
  token = url.searchParams.get('token');
  if (token !== null) {
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
