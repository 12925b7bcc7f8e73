// The facts of a plan, link by link, from a parsed preview: what happens to each link (create,
// update, publish, pause, resume, archive, archive-and-recreate), which fields change from what
// to what, why a link is replaced, which public URLs change, and whether money rules change.
// Dynamic resources get no per-property diff from the engine (pulumi/pulumi#24263), so fields are
// compared here: the live values in the old outputs against the declared, normalised inputs.
// Pure functions; the result is also the plan's JSON for bots.
import { LINK_FIELD_RULES } from "../../link/link-fields.ts";
import { fieldChanges, type FieldChange } from "./field-changes.ts";
import type { PolicyViolation, Preview, PreviewStep } from "./preview-types.ts";
import { nameOfUrn, stackOfUrn } from "../../link/urn.ts";
import { wireName, wirePropsOf } from "../../plugin/plugin-names.ts";
import { isPaymentLinkType } from "../../provider/protocol.ts";

export const ACTIONS = ["create", "update", "publish", "pause", "resume", "archive", "archive-and-recreate"] as const;
/** What happens to a link. */
export type Action = (typeof ACTIONS)[number];

export interface LinkChange {
  name: string;
  /** The YAML file that declares the link; absent when the link was removed from every file. */
  file?: string;
  title: string;
  action: Action;
  fields: FieldChange[];
  /** Live status → declared status, when they differ. */
  status?: { from: string; to: string };
  /** Why the link is archived and recreated. */
  replaceReason?: string;
  /** The public URL that stops working, and what replaces it. */
  url?: { from: string; to: string };
  moneyRulesChange: boolean;
  /** The payment instance a new link collects the money into: its id, and its name when the API gave it. */
  instance?: { id: string; name?: string };
  /** What the provider and the engine said about this link. */
  notes: string[];
  policyViolations: PolicyViolation[];
}

export type PlanStatus = "no-changes" | "changes" | "error";

/** Where a plan comes from, for whoever matches it with what is applied (issue 28). */
export interface PlanSource {
  /** `sha256:<hex>` of the update plan file saved with `--save-plan`: what `apply --plan` prints too. */
  updatePlan?: string;
  /** The commit whose declarations were planned (a pull request's last commit). */
  headCommit?: string;
  /** The commit whose code and rules made the plan (main's). */
  baseCommit?: string;
  /** The CI run that made it. */
  runUrl?: string;
}

export interface Plan {
  stack?: string;
  source?: PlanSource;
  status: PlanStatus;
  counts: Record<Action, number> & { changed: number; unchanged: number; urlChanges: number; moneyRuleChanges: number };
  /** Changed links, riskiest first. */
  links: LinkChange[];
  /** Engine messages not about one link: errors first. */
  notes: { severity: string; message: string }[];
  /** Violations not about one link (stack policies). */
  policyViolations: PolicyViolation[];
}

/** Where each link is declared: name → file. */
export type LinkFiles = ReadonlyMap<string, string>;

/** The names of payment instances, by id (lowercase), where the API gave them. */
export type InstanceNames = ReadonlyMap<string, string>;

export const NEW_URL = "(new URL, known after apply)";
export const URL_STOPS = "(stops accepting payments)";

export function planOf(preview: Preview, files: LinkFiles = new Map()): Plan {
  const linkSteps = preview.steps.filter((step) => isPaymentLinkType(step.type));
  const used = new Set<number>();
  const links: LinkChange[] = [];
  // Every resource of this project but the stack is a link: unlisted unchanged ones are links.
  let unchanged = preview.unlistedSames;
  for (const step of linkSteps) {
    const change = linkChangeOf(step, files.get(nameOfUrn(step.urn)));
    if (!change) {
      if (step.op === "same") unchanged++;
      continue;
    }
    // The provider's own account of the link, by its URN (engine-log.ts): never a sentence parsed.
    const said = preview.providerNotes.filter((note) => note.urn === step.urn);
    const replaced = said.find((note) => note.kind === "replace" && note.reason);
    if (replaced?.reason && change.action === "archive-and-recreate") change.replaceReason = replaced.reason;
    preview.diagnostics.forEach((diagnostic, index) => {
      if (diagnostic.urn !== step.urn) return;
      used.add(index);
      // The replacement's warning is the reason shown above; every other note as it was said.
      if (replaced && diagnostic.message === replaced.message && change.replaceReason === replaced.reason) return;
      change.notes.push(diagnostic.message);
    });
    change.policyViolations = preview.policyViolations.filter((violation) => violation.urn === step.urn);
    links.push(change);
  }
  links.sort(byRisk);

  const counts = Object.fromEntries(ACTIONS.map((action) => [action, links.filter((link) => link.action === action).length])) as Record<Action, number>;
  const notes = preview.diagnostics
    .filter((_, index) => !used.has(index))
    .map(({ severity, message }) => ({ severity, message }))
    .sort((a, b) => rank(a.severity) - rank(b.severity));
  const linkUrns = new Set(linkSteps.filter((step) => links.some((link) => link.name === nameOfUrn(step.urn))).map((step) => step.urn));
  const stack = preview.steps.map((step) => stackOfUrn(step.urn)).find((name) => name !== undefined);
  return {
    ...(stack ? { stack } : {}),
    status: preview.failed ? "error" : links.length > 0 ? "changes" : "no-changes",
    counts: {
      ...counts,
      changed: links.length,
      unchanged,
      urlChanges: links.filter((link) => link.url).length,
      moneyRuleChanges: links.filter((link) => link.moneyRulesChange).length,
    },
    links,
    notes,
    policyViolations: preview.policyViolations.filter((violation) => !violation.urn || !linkUrns.has(violation.urn)),
  };
}

/** The change a step makes to a link, or undefined when it leaves the link as it is. */
export function linkChangeOf(step: PreviewStep, file: string | undefined): LinkChange | undefined {
  // A link of the plugin's type names its fields in camelCase: the plan reads them by wire name.
  const live = wirePropsOf(step.type, step.old?.outputs ?? {});
  const declared = wirePropsOf(step.type, step.new?.inputs ?? {});
  const base = {
    name: nameOfUrn(step.urn),
    ...(file ? { file } : {}),
    title: String(declared["title"] ?? live["title"] ?? nameOfUrn(step.urn)),
    notes: [] as string[],
    policyViolations: [] as PolicyViolation[],
  };
  const liveStatus = typeof live["status"] === "string" ? live["status"] : undefined;
  const declaredStatus = typeof declared["status"] === "string" ? declared["status"] : "active";
  const url = typeof live["url"] === "string" ? live["url"] : undefined;

  switch (step.op) {
    case "create": {
      // The instance collects the money: shown apart (its name added by instance-names.ts), not as one more field.
      const fields = fieldChanges({}, declared).filter((field) => field.field !== "payment_instance_id");
      const id = declared["payment_instance_id"];
      return {
        ...base,
        action: "create",
        fields,
        moneyRulesChange: false,
        ...(declaredStatus !== "active" ? { status: { from: "(new)", to: declaredStatus } } : {}),
        ...(typeof id === "string" ? { instance: { id } } : {}),
      };
    }
    case "delete":
      return {
        ...base,
        action: "archive",
        fields: [],
        ...(liveStatus && liveStatus !== "archived" ? { status: { from: liveStatus, to: "archived" } } : {}),
        ...(url ? { url: { from: url, to: URL_STOPS } } : {}),
        moneyRulesChange: false,
      };
    case "replace": {
      const fields = fieldChanges(live, declared);
      return {
        ...base,
        action: "archive-and-recreate",
        fields,
        ...(liveStatus && liveStatus !== declaredStatus ? { status: { from: liveStatus, to: declaredStatus } } : {}),
        replaceReason: computedReplaceReason(step, fields),
        url: { from: url ?? "(unknown)", to: NEW_URL },
        moneyRulesChange: fields.some((field) => field.moneyRule),
      };
    }
    case "update": {
      const fields = fieldChanges(live, declared);
      const status = liveStatus && liveStatus !== declaredStatus ? { from: liveStatus, to: declaredStatus } : undefined;
      const action = statusAction(status);
      return {
        ...base,
        action,
        fields,
        ...(status ? { status } : {}),
        ...(action === "archive" && url ? { url: { from: url, to: URL_STOPS } } : {}),
        moneyRulesChange: fields.some((field) => field.moneyRule),
      };
    }
    default:
      return undefined;
  }
}

/** The action a status move is: publish, pause, resume or archive; update when none. */
export function statusAction(status: { from: string; to: string } | undefined): Action {
  if (!status) return "update";
  if (status.to === "archived") return "archive";
  if (status.from === "draft" && (status.to === "active" || status.to === "paused")) return "publish";
  if (status.to === "paused") return "pause";
  if (status.from === "paused" && status.to === "active") return "resume";
  return "update";
}

/** The reason when the engine's log does not give it: the fields the provider named. */
function computedReplaceReason(step: PreviewStep, fields: FieldChange[]): string {
  const fixed = fields.filter((field) => (LINK_FIELD_RULES as Record<string, string>)[field.field] === "fixed");
  if (fixed.length > 0) return `${fixed.map((field) => field.field).join(", ")} cannot change on an existing link`;
  const named = step.replaceReasons.length > 0 ? step.replaceReasons.map(wireName) : fields.map((field) => field.field);
  return named.length > 0 && !named.every((field) => field === "status")
    ? `${named.join(", ")} cannot change in place on this link (paid, or ended)`
    : "the link has ended and is recreated";
}

const RISK: Record<Action, number> = { "archive-and-recreate": 0, archive: 1, pause: 3, create: 4, publish: 4, resume: 4, update: 4 };

function byRisk(a: LinkChange, b: LinkChange): number {
  const risk = (link: LinkChange) => Math.min(RISK[link.action], link.moneyRulesChange ? 2 : 9);
  return risk(a) - risk(b) || a.name.localeCompare(b.name);
}

function rank(severity: string): number {
  return ["error", "warning", "info"].indexOf(severity) + 1 || 4;
}
