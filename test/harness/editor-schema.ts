// Test harness: schema/links.schema.json compiled by ajv (draft-07, with formats), as a standard
// JSON Schema validator reads it — to hold the editor schema to `check` without an editor.
import { Ajv, type ErrorObject } from "ajv";
import addFormats from "ajv-formats";
import { linksJsonSchema } from "../../scripts/generate-schema.ts";

/** The errors of a links file (its data, as YAML reads it) against the editor schema; empty when valid. */
export function editorSchemaErrors(data: unknown): ErrorObject[] {
  validate(data);
  return validate.errors ?? [];
}

// Strict about keywords: one ajv does not know is a mistake in the schema, but for the two messages
// yaml-language-server shows. Not ajv's lints: `required` alone in an `if` is plain JSON Schema.
const ajv = new Ajv({ strict: true, strictTypes: false, strictRequired: false, allErrors: true, verbose: true });
addFormats.default(ajv);
ajv.addKeyword({ keyword: "errorMessage", schemaType: "string" });
ajv.addKeyword({ keyword: "patternErrorMessage", schemaType: "string" });
const validate = ajv.compile(JSON.parse(linksJsonSchema()) as object);
