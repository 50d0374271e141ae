// Splits a raw request target into path and query without normalising it: `new URL()` would
// silently resolve `/../x` to `/x`, hiding the traversal attempt we want to refuse.

export interface RequestTarget {
  readonly path: string;
  readonly query: URLSearchParams;
}

export function parseRequestTarget(raw: string | undefined): RequestTarget | null {
  // Only origin-form targets ("/path?query"); absolute-form and "*" are not for us.
  if (!raw || !raw.startsWith('/')) return null;
  const q = raw.indexOf('?');
  const path = q < 0 ? raw : raw.slice(0, q);
  const query = new URLSearchParams(q < 0 ? '' : raw.slice(q + 1));
  return { path, query };
}
