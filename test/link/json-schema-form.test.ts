import { z } from "zod";
import { describe, expect, it } from "vitest";
import { applyJsonForms, foldNull, jsonForm, lengthPattern } from "../../src/link/json-schema-form.ts";

const toJson = (schema: z.ZodType) => z.toJSONSchema(schema, { io: "input", target: "draft-07", override: applyJsonForms });

describe("applyJsonForms", () => {
  it("puts a refinement's JSON Schema form in place of what zod writes, keeping the description", () => {
    const Count = z
      .number()
      .refine(Number.isInteger)
      .meta(jsonForm({ type: "integer", minimum: 1, errorMessage: "expected a whole number" }))
      .meta({ description: "How many." });
    expect(toJson(Count)).toEqual({
      $schema: "http://json-schema.org/draft-07/schema#",
      type: "integer",
      minimum: 1,
      errorMessage: "expected a whole number",
      description: "How many.",
    });
  });

  it("leaves a schema without a form as zod writes it", () => {
    expect(toJson(z.string().min(2))).toEqual({ $schema: "http://json-schema.org/draft-07/schema#", type: "string", minLength: 2 });
  });

  it("writes a nullish field with a form as one schema that also takes null", () => {
    const Title = z.string().meta(jsonForm({ type: "string", pattern: "^.+$", errorMessage: "expected a text" }));
    expect(toJson(z.object({ title: Title.nullish() })).properties).toEqual({
      title: { type: ["string", "null"], pattern: "^.+$", errorMessage: "expected a text" },
    });
  });
});

describe("foldNull", () => {
  const NULL = { type: "null" };
  it.each([
    ["a type and its own keywords", { anyOf: [{ type: "integer", minimum: 1 }, NULL] }, { type: ["integer", "null"], minimum: 1 }],
    [
      "a list of types",
      { anyOf: [{ type: ["number", "string"], pattern: "^1$" }, NULL], description: "d" },
      { type: ["number", "string", "null"], pattern: "^1$", description: "d" },
    ],
    ["an enum, which would refuse null", { anyOf: [{ type: "string", enum: ["a"] }, NULL] }, { anyOf: [{ type: "string", enum: ["a"] }, NULL] }],
    ["a schema without a type", { anyOf: [{ minimum: 1 }, NULL] }, { anyOf: [{ minimum: 1 }, NULL] }],
    ["three alternatives", { anyOf: [{ type: "string" }, { type: "number" }, NULL] }, { anyOf: [{ type: "string" }, { type: "number" }, NULL] }],
  ])("folds null into %s only when the meaning stays", (_, schema, folded) => {
    const copy = structuredClone(schema) as Record<string, unknown>;
    foldNull(copy);
    expect(copy).toEqual(folded);
  });
});

describe("lengthPattern", () => {
  it.each([
    ["", false],
    ["abc", true],
    ["😀😀😀", true],
    ["abcd", false],
    ["a\nb", true],
  ])("counts characters, not UTF-16 units, as zod does: %j within 1 to 3 is %s", (text, within) => {
    expect(new RegExp(lengthPattern(1, 3), "u").test(text)).toBe(within);
    expect(z.string().min(1).max(3).safeParse(text).success).toBe(within);
  });
});
