// Runs inside the Pulumi provider host as well as in the program: the rules between a link's fields
// — which mode needs or refuses which field (the table in mode-rules.ts), min before max, start
// before end. LinkSpec (link-spec.ts) runs them alongside each field's own check, so every mistake
// of a declaration is reported in one pass.
import type { z } from "zod";
import { Instant, Money } from "./field-values.ts";
import { demand, MODE_FIELDS, MODES, refusedMessage, requiredMessage } from "./mode-rules.ts";

type Rule = "requires" | "forbids" | "order";

/** Receives each broken rule between fields: the field it is about, which rule, and the message. */
export type RuleReport = (field: string, rule: Rule, message: string) => void;

/**
 * The rules between fields, per mode (the table MODE_FIELDS, shared/mytpe-api.md §4). They read the object as parsed so
 * far, where a field that failed its own check still holds what the user wrote: they only decide
 * on modes that are valid, and only compare values that are valid, so that with LinkSpec's `when` (link-spec.ts) they
 * run alongside the fields' own checks and every mistake is reported in one pass.
 */
export function modeRules(link: Record<string, unknown>, report: RuleReport): void {
  for (const setting of ["amount_mode", "usage_mode"] as const) {
    const mode = link[setting];
    if (typeof mode !== "string" || !MODES[setting].includes(mode)) continue;
    for (const rule of MODE_FIELDS) {
      if (rule.setting !== setting) continue;
      const set = link[rule.field] !== undefined && link[rule.field] !== null;
      const wanted = demand(rule, mode);
      if (wanted === "requires" && !set) report(rule.field, "requires", requiredMessage(rule));
      if (wanted === "forbids" && set) report(rule.field, "forbids", refusedMessage(rule, mode));
    }
    orderRules(link, report, mode);
  }
}

/** The rules JSON Schema cannot state (it compares no two values): min ≤ max, start before end. */
function orderRules(link: Record<string, unknown>, report: RuleReport, mode: string): void {
  if (mode === "open") {
    const min = valid(Money, link["min_amount"]);
    const max = valid(Money, link["max_amount"]);
    if (min !== undefined && max !== undefined && Number(min) > Number(max)) {
      report("min_amount", "order", `must not exceed max_amount (${min} > ${max})`);
    }
  }
  if (mode === "time_window") {
    const starts = valid(Instant, link["starts_at"]);
    const ends = valid(Instant, link["ends_at"]);
    if (starts !== undefined && ends !== undefined && Date.parse(starts) >= Date.parse(ends)) {
      report("ends_at", "order", `must be later than starts_at (${ends} is not after ${starts})`);
    }
  }
}

function valid<T extends z.ZodType>(schema: T, value: unknown): z.output<T> | undefined {
  if (value === undefined || value === null) return undefined;
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
