/**
 * Validates a SARIF log against the official SARIF 2.1.0 JSON schema (draft-04), as shipped by
 * @microsoft/jest-sarif, with ajv 6 (the last ajv that reads draft-04 schemas).
 */
import { createRequire } from 'node:module';
import Ajv from 'ajv';

const require = createRequire(import.meta.url);
const schema = require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json') as object;
const draft04 = require('ajv/lib/refs/json-schema-draft-04.json') as object;

const ajv = new Ajv({ schemaId: 'auto', allErrors: true });
ajv.addMetaSchema(draft04);
const validate = ajv.compile(schema);

/** The schema errors of a log as `path: message` lines; empty when the log is valid SARIF 2.1.0. */
export function getSarifErrors(log: unknown): string[] {
  if (validate(log)) return [];
  return (validate.errors ?? []).map((e) => `${e.dataPath || '/'}: ${e.message ?? 'invalid'}`);
}
