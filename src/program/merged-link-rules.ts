// Program side: the rules of a link that need the link as merged with its file's `defaults` — the
// required fields and the mode rules of MODE_FIELDS — stated in JSON Schema, for the editor schema
// (`LinkFile` carries them). `check` merges, `{ ...defaults, ...link }` (link-files.ts), then
// applies the rules (link-spec.ts); JSON Schema cannot merge, so each rule is written once per
// case of `defaults` (does it set the mode? the field?) with `if`/`then`/`else` at the file level.
import type { z } from "zod";
import type { JsonSchema } from "../link/json-schema-form.ts";
import { demand, MODE_FIELDS, MODES, refusedMessage, requiredMessage, type ModeField, type ModeSetting } from "../link/mode-rules.ts";

/** Every JSON type but null: a link's own `null` cancels a value from `defaults`, as in `check`. */
const SET = ["string", "number", "boolean", "object", "array"];

/** The zod schema of each field of a link (`LinkFields.shape`). */
export type LinkShape = Record<string, z.ZodType>;

/** The `allOf` of a links file: every rule of a merged link, for every link of the file. */
export function mergedLinkRules(fields: LinkShape): JsonSchema[] {
  // Required as in `check`: the fields whose schema refuses a missing value.
  const required = Object.keys(fields).filter((field) => !fields[field]?.safeParse(undefined).success);
  return [...required.map((field) => requiredField(field, example(fields, field))), ...modeBlocks(fields)];
}

/** A field every link needs: on the link, else in `defaults`. */
function requiredField(field: string, example: string): JsonSchema {
  return {
    if: defaultsMatch({ required: [field] }),
    else: eachLink({ required: [field], errorMessage: `${field}: required, here or in defaults (such as ${field}: ${example})` }),
  };
}

/** For each mode value, whether `defaults` gives it: the rules of the fields of that setting. */
function modeBlocks(fields: LinkShape): JsonSchema[] {
  const blocks: JsonSchema[] = [];
  for (const setting of Object.keys(MODES) as ModeSetting[]) {
    for (const mode of MODES[setting]) {
      const rules = MODE_FIELDS.filter((rule) => rule.setting === setting && demand(rule, mode) !== undefined);
      const inMode = (fromDefaults: boolean) => ({ allOf: rules.map((rule) => fieldRule(rule, mode, fromDefaults, example(fields, rule.field))) });
      blocks.push({ if: defaultsMatch({ required: [setting], properties: { [setting]: { const: mode } } }), then: inMode(true), else: inMode(false) });
    }
  }
  return blocks;
}

/** One rule of MODE_FIELDS for the links whose merged `setting` is `mode`. */
function fieldRule(rule: ModeField, mode: string, modeFromDefaults: boolean, example: string): JsonSchema {
  const { field, setting } = rule;
  // A link in the mode: it says so, or it says nothing and `defaults` does.
  const when = { ...(modeFromDefaults ? {} : { required: [setting] }), properties: { [setting]: { const: mode } } };
  const link = (fromDefaults: boolean): JsonSchema => {
    if (demand(rule, mode) === "requires") {
      const message = `${field}: ${requiredMessage(rule)} (such as ${field}: ${example})`;
      const notNull = { type: SET, errorMessage: `${message}; null cancels it` };
      return fromDefaults ? { properties: { [field]: notNull } } : { required: [field], properties: { [field]: notNull }, errorMessage: message };
    }
    const refused = refusedMessage(rule, mode);
    const isNull = { type: "null", errorMessage: `${field}: ${refused}: remove it` };
    if (!fromDefaults) return { properties: { [field]: isNull } };
    const message = `${field} from defaults: ${refused}: write ${field}: null on this link, or move ${field} out of defaults`;
    return { required: [field], properties: { [field]: { ...isNull, errorMessage: message } }, errorMessage: message };
  };
  return {
    if: defaultsMatch({ required: [field], properties: { [field]: { type: SET } } }),
    then: eachLink({ if: when, then: link(true) }),
    else: eachLink({ if: when, then: link(false) }),
  };
}

/** True of a file whose `defaults` matches `schema`. */
function defaultsMatch(schema: JsonSchema): JsonSchema {
  return { required: ["defaults"], properties: { defaults: schema } };
}

/** `schema` for every link of the file. */
function eachLink(schema: JsonSchema): JsonSchema {
  return { properties: { links: { additionalProperties: schema } } };
}

/** An example value of a field, as written in YAML: its first `examples`, else its first choice. */
function example(fields: LinkShape, field: string): string {
  const schema = fields[field];
  const meta = schema?.meta() as { examples?: unknown[] } | undefined;
  const value = meta?.examples?.[0] ?? (schema && "options" in schema ? (schema.options as unknown[])[0] : undefined);
  if (Array.isArray(value)) return `[${value.join(", ")}]`;
  return String(value ?? "...");
}
