import { readFileSync } from 'node:fs';
import Ajv from 'ajv';

const schema = JSON.parse(readFileSync(new URL('../schema/report.v2.json', import.meta.url), 'utf8')) as object;
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

/** Validate a report as it would be printed (through JSON); returns the errors in words, or []. */
export function schemaErrors(report: unknown): string[] {
  const data = JSON.parse(JSON.stringify(report)) as unknown;
  return validate(data) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}
