// Runs inside the Pulumi provider host as well as in the program, where the link schema is built:
// the JSON Schema form of a rule that zod cannot translate (a refinement, a transform), carried by
// the zod schema as metadata right next to the rule, so that the editor schema
// (schema/links.schema.json, `npm run schema`) is generated from the one zod schema and says as
// much as JSON Schema can. Only the generator reads the forms: `check` runs the zod rules.
import { z } from "zod";

/** A draft-07 JSON Schema, with yaml-language-server's `errorMessage` (what to write instead). */
export type JsonSchema = { [keyword: string]: unknown };

const FORM = "jsonSchemaForm";

/**
 * Metadata for `.meta()`: the JSON Schema that states the same rule as the zod schema it is put on.
 * It replaces every validating keyword zod would write for that schema; zod's annotations
 * (`description`, `default`, `title`) stay.
 */
export function jsonForm(form: JsonSchema): { [FORM]: JsonSchema } {
  return { [FORM]: form };
}

/** Keywords zod writes that describe and do not validate: kept beside a form. */
const ANNOTATIONS: ReadonlySet<string> = new Set(["title", "description", "markdownDescription", "default", "examples"]);

/**
 * Keywords that test one JSON type only (and pass any other): a schema made of these and `type`
 * can take `null` among its types and still mean the same for every other value.
 */
const TYPE_BOUND: ReadonlySet<string> = new Set([
  ...["pattern", "patternErrorMessage", "format", "minLength", "maxLength"],
  ...["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"],
  ...["items", "minItems", "maxItems", "uniqueItems"],
  ...["properties", "required", "additionalProperties", "propertyNames", "patternProperties", "minProperties", "maxProperties"],
]);

/** The `override` of `z.toJSONSchema` that puts each form in place of what zod generated. */
export function applyJsonForms(ctx: { zodSchema: unknown; jsonSchema: JsonSchema }): void {
  const form = z.globalRegistry.get(ctx.zodSchema as z.ZodType)?.[FORM] as JsonSchema | undefined;
  if (form) {
    for (const keyword of Object.keys(ctx.jsonSchema)) {
      if (!ANNOTATIONS.has(keyword)) delete ctx.jsonSchema[keyword];
    }
    Object.assign(ctx.jsonSchema, form);
  }
  foldNull(ctx.jsonSchema);
}

/**
 * `anyOf: [X, {type: "null"}]` (zod's `.nullish()`) becomes X with "null" among its types, when X
 * allows it. Same meaning, one schema: yaml-language-server then shows X's `errorMessage`, where
 * through `anyOf` it says `Incorrect type. Expected "integer | null"`.
 */
export function foldNull(schema: JsonSchema): void {
  const [value, nothing, ...rest] = Array.isArray(schema["anyOf"]) ? (schema["anyOf"] as JsonSchema[]) : [];
  if (!value || !nothing || rest.length > 0 || JSON.stringify(nothing) !== '{"type":"null"}') return;
  const types = typeof value["type"] === "string" ? [value["type"]] : value["type"];
  if (
    !Array.isArray(types) ||
    !Object.keys(value).every((keyword) => keyword === "type" || keyword === "errorMessage" || ANNOTATIONS.has(keyword) || TYPE_BOUND.has(keyword))
  )
    return;
  delete schema["anyOf"];
  Object.assign(schema, { ...value, ...schema, type: [...types, "null"] });
}

/**
 * A pattern for a text of `min` to `max` characters. JSON Schema's `maxLength` would say the same
 * to ajv, but yaml-language-server counts UTF-16 units there (a title of 200 emoji would be
 * underlined); its patterns run with the `u` flag, where `[\s\S]` is one character, as zod counts.
 */
export function lengthPattern(min: number, max: number): string {
  return `^[\\s\\S]{${String(min)},${String(max)}}$`;
}
