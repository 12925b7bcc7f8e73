import { describe, expect, it } from "vitest";
import { demand, MODE_FIELDS, refusedMessage, requiredMessage, type ModeField } from "../../src/link/mode-rules.ts";

function rule(field: string): ModeField {
  const found = MODE_FIELDS.find((candidate) => candidate.field === field);
  if (!found) throw new Error(`no mode rule for ${field}`);
  return found;
}

describe("demand", () => {
  it.each([
    ["amount", "fixed", "requires"],
    ["amount", "open", "forbids"],
    ["min_amount", "open", undefined],
    ["min_amount", "fixed", "forbids"],
    ["max_uses", "limited", "requires"],
    ["max_uses", "one_shot", "forbids"],
    ["target_amount", "capped_amount", "requires"],
    ["starts_at", "time_window", "requires"],
    ["ends_at", "whitelist", "forbids"],
    ["allowed_payers", "whitelist", "requires"],
  ])("says what %s needs when its mode is %s: %s", (field, mode, expected) => {
    expect(demand(rule(field), mode)).toBe(expected);
  });
});

describe("the messages of the mode rules", () => {
  it("say which mode requires a field", () => {
    expect(requiredMessage(rule("max_uses"))).toBe("required when usage_mode is limited");
  });

  it("say where a refused field belongs, or what to use instead", () => {
    expect(refusedMessage(rule("max_uses"), "reusable")).toBe("not allowed when usage_mode is reusable (it belongs to usage_mode limited)");
    expect(refusedMessage(rule("amount"), "open")).toBe("not allowed when amount_mode is open (use min_amount / max_amount)");
  });
});
