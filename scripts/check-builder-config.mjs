// Validates electron-builder.yml offline against electron-builder's own JSON schema, so a typo
// in the packaging config fails CI even though packaging itself cannot run there.
import Ajv from 'ajv';
import { load as loadYaml } from 'js-yaml';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL('..', import.meta.url));
const configPath = process.argv[2] ?? `${root}electron-builder.yml`;

const schema = require('app-builder-lib/scheme.json');
let config;
try {
  config = loadYaml(readFileSync(configPath, 'utf8'));
} catch (error) {
  console.error(`${configPath}: cannot read or parse it: ${error.message}`);
  process.exit(1);
}

// The schema is draft-07 with union types and keywords ajv's strict mode rejects.
const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true });
const validate = ajv.compile(schema);
if (validate(config)) {
  console.log(`${configPath}: OK (matches electron-builder's schema)`);
} else {
  console.error(`${configPath}: does not match electron-builder's schema:`);
  const all = validate.errors ?? [];
  // "must be null" / "must match a schema in anyOf" only restate a more specific error.
  const specific = all.filter((e) => e.keyword !== 'anyOf' && e.params?.type !== 'null');
  for (const error of specific.length > 0 ? specific : all) {
    const where = error.instancePath || '(top level)';
    const extra = error.params?.additionalProperty ? ` "${error.params.additionalProperty}"` : '';
    console.error(`  ${where}: ${error.message}${extra}`);
  }
  process.exit(1);
}
