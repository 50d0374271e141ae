// Validates a HAR document against the HAR 1.2 JSON Schema from `har-schema` (the schema that
// `har-validator` uses; that package is unmaintained and bound to ajv 6, so ajv 8 runs it here).
// The schema files are draft-06 and use a few non-standard keywords ("min", "optional"), so
// strict mode is off; date-time and IP formats are not checked (startedDateTime has a pattern).

import { createRequire } from 'node:module';
import { Ajv, type ErrorObject } from 'ajv';

const require = createRequire(import.meta.url);
const schemas = require('har-schema') as Record<string, { $id: string }>;
const draft06 = require('ajv/dist/refs/json-schema-draft-06.json') as object;

const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
ajv.addMetaSchema(draft06);
for (const schema of Object.values(schemas)) ajv.addSchema(schema);
const validate = ajv.getSchema('har.json#');

/** The schema errors, one per line; empty when the document is valid HAR 1.2. */
export function harErrors(document: unknown): string[] {
  if (validate === undefined) throw new Error('har-schema did not load');
  if (validate(document) === true) return [];
  return (validate.errors ?? []).map((e: ErrorObject) => `${e.instancePath} ${e.message ?? ''}`);
}
