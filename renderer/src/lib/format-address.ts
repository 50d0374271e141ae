// host:port for display; IPv6 literals get brackets so the port stays unambiguous.

export function formatHostPort(host: string, port: number | null): string {
  const h = host.includes(':') ? `[${host}]` : host;
  return port === null ? h : `${h}:${port}`;
}
