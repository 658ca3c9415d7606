/**
 * Validates SARIF logs against the official SARIF 2.1.0 JSON schema (OASIS, as shipped in @microsoft/jest-sarif;
 * draft-04, so it needs Ajv 6 with the draft-04 meta-schema).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import Ajv from 'ajv';

const require = createRequire(import.meta.url);

let validate: Ajv.ValidateFunction | undefined;

/** The schema's errors for `log`, or [] when it is valid SARIF 2.1.0. */
export function getSarifErrors(log: unknown): string[] {
  if (!validate) {
    const ajv = new Ajv({ schemaId: 'auto', allErrors: true, jsonPointers: true });
    ajv.addMetaSchema(require('ajv/lib/refs/json-schema-draft-04.json') as object);
    const schema = JSON.parse(
      readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'),
    ) as object;
    validate = ajv.compile(schema);
  }
  return validate(log) ? [] : (validate.errors ?? []).map((e) => `${e.dataPath} ${e.message ?? ''}`);
}
