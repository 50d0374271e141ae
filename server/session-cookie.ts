// The cookie that lets the page's own assets and reloads load after the first visit with
// `?token=`. It never holds the token: browsers send cookies for 127.0.0.1 to every port of it,
// so any other local web server the user visits (a port Porthole captures included) receives
// this cookie. It carries a separate per-run secret, the asset session, which unlocks only the
// UI's static files; the control socket takes nothing but the token. HttpOnly (page scripts never
// see it), SameSite=Strict (cross-site pages cannot ride on it), session-only (gone when the
// browser closes).

/**
 * Cookies are scoped by host, not by port, so the port is part of the name: two Porthole
 * instances on 127.0.0.1 then never overwrite each other's asset session.
 */
export function sessionCookieName(port: number): string {
  return `porthole_session_${port}`;
}

export function sessionCookieHeader(port: number, assetSession: string): string {
  return `${sessionCookieName(port)}=${assetSession}; HttpOnly; SameSite=Strict; Path=/`;
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
