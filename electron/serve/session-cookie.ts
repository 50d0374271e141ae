// The cookie that lets the UI's own assets, reloads and its WebSocket authenticate after the
// first visit with `?token=`. HttpOnly (page scripts never see it), SameSite=Strict (cross-site
// pages cannot ride on it), session-only (gone when the browser closes).

/**
 * Cookies are scoped by host, not by port, so the port is part of the name: two Porthole
 * instances on 127.0.0.1 then never overwrite each other's token.
 */
export function sessionCookieName(port: number): string {
  return `porthole_token_${port}`;
}

export function sessionCookieHeader(port: number, token: string): string {
  return `${sessionCookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}

/** The value of one cookie from a Cookie header, or null. Tolerates junk around it. */
export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}
