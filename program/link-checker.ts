// Program side: checks the links of many files at once, for the common case where they are all
// valid. A stack of 10,000 links must check in under a second (issue #3), in a process that runs
// once and exits, before V8 has optimised zod's generic code: there, a whole-object parse costs
// ~30 µs per link. Campaign files repeat most values (the same payment instance, modes, currency,
// prices...), so each field's own zod schema (LinkFields.shape: the one schema, not a copy) checks
// each distinct value once, and the rules between fields are the provider's own `modeRules`.
// The checker only says "valid, and here is the spec" or "not sure": any problem is left to
// `checkLink`, which reports it, so a message never comes from here. test/link-checker.test.ts
// checks that it accepts exactly what `LinkSpec` accepts, with the same spec, key order included.
import { LinkFields, modeRules, type LinkSpec } from "../provider/link-spec.ts";

type FieldResult = { ok: true; value: unknown } | { ok: false };

type FieldSchema = { safeParse(value: unknown): { success: true; data: unknown } | { success: false } };

const SHAPE: Record<string, FieldSchema> = LinkFields.shape;
const FIELDS = Object.keys(SHAPE);
const SCHEMAS = Object.values(SHAPE);
const FIELD_INDEX = new Map(FIELDS.map((field, index) => [field, index]));

/**
 * Returns a check for one link at a time, given as the fields it sets and the file's defaults (as
 * `checkLink({ ...defaults, ...link })` sees it, without building that object): its spec when it is
 * valid, undefined when `checkLink` must tell why not.
 */
export function linkChecker(): (link: Record<string, unknown>, defaults?: Record<string, unknown>) => LinkSpec | undefined {
  // Per field, the result for each value already seen. Primitive values only: a map or a list is
  // checked each time (metadata, allowed_payers), so no spec shares an object with another. (A
  // Map takes -0 for 0; no field accepts either.)
  const seen = FIELDS.map(() => new Map<unknown, FieldResult>());

  function checkField(index: number, value: unknown): FieldResult {
    const memo = typeof value === "object" && value !== null ? undefined : seen[index];
    const known = memo?.get(value);
    if (known) return known;
    const parsed = (SCHEMAS[index] as FieldSchema).safeParse(value);
    const result: FieldResult = parsed.success ? { ok: true, value: parsed.data } : { ok: false };
    memo?.set(value, result);
    return result;
  }

  // What each field makes of its absence: a default, nothing, or "required".
  const absent = FIELDS.map((_, index) => checkField(index, undefined));
  const given: (FieldResult | undefined)[] = [];

  return (link, defaults) => {
    given.fill(undefined, 0, FIELDS.length);
    // Own keys only, as the spread `{ ...defaults, ...link }` copies.
    for (const key of Object.keys(link)) {
      const index = FIELD_INDEX.get(key);
      if (index === undefined) return undefined; // unknown field
      given[index] = checkField(index, link[key]);
    }
    for (const [key, value] of Object.entries(defaults ?? {})) {
      const index = FIELD_INDEX.get(key);
      if (index === undefined) return undefined;
      given[index] ??= checkField(index, value);
    }
    // As zod's object parse does: the fields in the shape's order; an absent field contributes
    // only its default; a given field keeps its key even when its value comes out undefined.
    const spec: Record<string, unknown> = {};
    for (let index = 0; index < FIELDS.length; index++) {
      const result = given[index] ?? (absent[index] as FieldResult);
      if (!result.ok) return undefined;
      if (result.value !== undefined || given[index]) spec[FIELDS[index] as string] = result.value;
    }
    let broken = false;
    modeRules(spec, { valid: true }, () => {
      broken = true;
    });
    return broken ? undefined : (spec as LinkSpec);
  };
}
