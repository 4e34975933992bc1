// Validates compose text against the official compose-spec JSON schema vendored in src/core/compose/schema.
import Ajv from 'ajv';
import { parse } from 'yaml';
import schema from '../../src/core/compose/schema/compose-spec.json';

// validateSchema: false: the schema's $schema address differs from ajv's built-in draft-07 meta-schema.
const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true, validateSchema: false });
const validate = ajv.compile(schema);

/** The schema's errors for a compose file's text, as readable lines; empty when it is valid. */
export function composeSchemaErrors(text: string): string[] {
  const document: unknown = parse(text);
  if (validate(document)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}
