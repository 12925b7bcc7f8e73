import { stringify } from "yaml";
import { describe, expect, it } from "vitest";
import { editorSchemaErrors } from "../harness/editor-schema.ts";
import { parseLinkFile } from "../../src/program/link-files.ts";

const INSTANCE = "9d6a1f3c-2b7e-4d0a-8c5f-1e2d3c4b5a69";
const LINK = { payment_instance_id: INSTANCE, title: "Voucher", amount_mode: "fixed", amount: 100, usage_mode: "reusable" };

/** Where the editor schema refuses a file: the paths of its innermost errors (an `if` only says that its `then` failed). */
function refusedAt(file: unknown): string[] {
  const errors = editorSchemaErrors(file).filter((error) => error.keyword !== "if");
  return [...new Set(errors.map((error) => error.instancePath))].sort();
}

const CASES: { behaviour: string; file: { defaults?: Record<string, unknown>; links: Record<string, unknown> }; refused: string[] }[] = [
  { behaviour: "accepts a complete link", file: { links: { a: LINK } }, refused: [] },
  {
    behaviour: "requires payment_instance_id on a link when defaults lacks it",
    file: { links: { a: { ...LINK, payment_instance_id: undefined } } },
    refused: ["/links/a"],
  },
  {
    behaviour: "takes payment_instance_id and title from defaults",
    file: { defaults: { payment_instance_id: INSTANCE, title: "T" }, links: { a: { ...LINK, payment_instance_id: undefined, title: undefined } } },
    refused: [],
  },
  {
    behaviour: "requires amount when defaults makes a link fixed",
    file: { defaults: { amount_mode: "fixed" }, links: { a: { ...LINK, amount_mode: undefined, amount: undefined } } },
    refused: ["/links/a"],
  },
  {
    behaviour: "lets a link's own mode win over defaults'",
    file: { defaults: { amount_mode: "fixed" }, links: { a: { ...LINK, amount_mode: "open", amount: undefined } } },
    refused: [],
  },
  {
    behaviour: "refuses a field of defaults' mode on a link of another mode",
    file: { defaults: { amount_mode: "fixed" }, links: { a: { ...LINK, amount_mode: "open" } } },
    refused: ["/links/a/amount"],
  },
  {
    behaviour: "refuses an amount a link inherits from defaults when it is open",
    file: { defaults: { amount: 100 }, links: { a: { ...LINK, amount_mode: "open", amount: undefined } } },
    refused: ["/links/a"],
  },
  {
    behaviour: "accepts a link that cancels a refused default with null",
    file: { defaults: { amount: 100 }, links: { a: { ...LINK, amount_mode: "open", amount: null } } },
    refused: [],
  },
  {
    behaviour: "refuses a link that cancels a required default with null",
    file: { defaults: { amount: 100 }, links: { a: { ...LINK, amount: null } } },
    refused: ["/links/a/amount"],
  },
  {
    behaviour: "accepts max_uses from defaults on a limited link and refuses it on a reusable one",
    file: { defaults: { max_uses: 10 }, links: { a: { ...LINK, usage_mode: "limited" }, b: LINK } },
    refused: ["/links/b"],
  },
  {
    behaviour: "requires both ends of a time window, whichever part gives the mode",
    file: { defaults: { usage_mode: "time_window", starts_at: "2027-03-01T09:00:00+01:00" }, links: { a: { ...LINK, usage_mode: undefined } } },
    refused: ["/links/a"],
  },
  {
    behaviour: "applies no mode rule when the mode is itself wrong",
    file: { links: { a: { ...LINK, usage_mode: "limitd", max_uses: 3 } } },
    refused: ["/links/a/usage_mode"],
  },
];

describe("mergedLinkRules, as the editor schema states them", () => {
  it.each(CASES.map((c) => [c.behaviour, c] as const))("%s, as check does", (_, { file, refused }) => {
    const data = JSON.parse(JSON.stringify(file)) as unknown;
    expect(refusedAt(data)).toEqual(refused);
    expect(parseLinkFile("case.yaml", stringify(data)).problems.length > 0).toBe(refused.length > 0);
  });

  it("names the four fields zod requires, each with an example, on a link that has none", () => {
    const messages = editorSchemaErrors({ links: { a: {} } })
      .filter((error) => error.keyword === "required")
      .map((error) => error.parentSchema?.["errorMessage"] as string);
    expect(messages).toEqual([
      "payment_instance_id: required, here or in defaults (such as payment_instance_id: 9d6a1f3c-2b7e-4d0a-8c5f-1e2d3c4b5a69)",
      "title: required, here or in defaults (such as title: Spring voucher)",
      "amount_mode: required, here or in defaults (such as amount_mode: fixed)",
      "usage_mode: required, here or in defaults (such as usage_mode: one_shot)",
    ]);
  });
});
