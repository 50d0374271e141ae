// Zod compiles fast parsers with `new Function` where a page allows it, and finds out by trying
// once, when the first object schema is built. Porthole's CSP forbids eval, so the try could
// only produce a CSP violation report: tell zod up front not to. Imported first by main.tsx,
// before anything builds a schema.
import { z } from 'zod';

z.config({ jitless: true });
