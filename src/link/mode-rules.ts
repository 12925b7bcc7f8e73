// Runs inside the Pulumi provider host as well as in the program: which mode needs or refuses which
// field (shared/mytpe-api.md §4), as one table. `check` applies it (field-rules.ts `modeRules`) and
// the editor schema states it in JSON Schema (program/merged-link-rules.ts), so they cannot drift.

export const AMOUNT_MODES = ["fixed", "open"] as const;
export const USAGE_MODES = ["one_shot", "limited", "reusable", "capped_amount", "time_window", "whitelist"] as const;

/** A setting whose value decides which fields a link needs. */
export type ModeSetting = "amount_mode" | "usage_mode";

/** The values of each mode setting. */
export const MODES: Record<ModeSetting, readonly string[]> = { amount_mode: AMOUNT_MODES, usage_mode: USAGE_MODES };

/** A field that belongs to one mode: required there (or only allowed), refused in every other mode. */
export interface ModeField {
  field: string;
  setting: ModeSetting;
  /** The mode the field belongs to. */
  owner: string;
  /** Required in its mode, or only allowed there. */
  required: boolean;
  /** What a refusal adds: where the field belongs, or what to use instead. */
  instead?: string;
}

/** In the order `check` reports them: amount mode first, then usage mode. */
export const MODE_FIELDS: readonly ModeField[] = [
  { field: "amount", setting: "amount_mode", owner: "fixed", required: true, instead: "use min_amount / max_amount" },
  { field: "min_amount", setting: "amount_mode", owner: "open", required: false },
  { field: "max_amount", setting: "amount_mode", owner: "open", required: false },
  { field: "max_uses", setting: "usage_mode", owner: "limited", required: true },
  { field: "target_amount", setting: "usage_mode", owner: "capped_amount", required: true },
  { field: "starts_at", setting: "usage_mode", owner: "time_window", required: true },
  { field: "ends_at", setting: "usage_mode", owner: "time_window", required: true },
  { field: "allowed_payers", setting: "usage_mode", owner: "whitelist", required: true },
];

/** `required when usage_mode is limited` */
export function requiredMessage(rule: ModeField): string {
  return `required when ${rule.setting} is ${rule.owner}`;
}

/** `not allowed when usage_mode is reusable (it belongs to usage_mode limited)` */
export function refusedMessage(rule: ModeField, mode: string): string {
  return `not allowed when ${rule.setting} is ${mode} (${rule.instead ?? `it belongs to ${rule.setting} ${rule.owner}`})`;
}

/** What a mode asks of a field: required, refused, or nothing (allowed). */
export function demand(rule: ModeField, mode: string): "requires" | "forbids" | undefined {
  if (mode !== rule.owner) return "forbids";
  return rule.required ? "requires" : undefined;
}
