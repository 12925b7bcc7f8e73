// The plan as a pull-request comment: counts first, then one row per changed link (riskiest
// first) with its file, its action and each change old → new, loud markers when a public URL or
// a money rule changes, then policy violations and the engine's notes. Every value from a
// declaration, the API or the engine is a code span (escape/markdown-code.ts): a title cannot
// become a link, an image, a mention or a fake row of this comment. Pure functions.
import { codeSpan } from "../escape/markdown-code.ts";
import { ACTIONS, type LinkChange, type Plan, type PlanSource } from "./link-changes.ts";
import type { PolicyViolation } from "./preview-types.ts";
import { nameOfUrn } from "../../link/urn.ts";

/** The hidden line a pipeline finds its previous comment by. */
export const COMMENT_MARKER = "<!-- mytpe-links-plan -->";

export const URL_MARK = "🔗";
export const MONEY_MARK = "💰";

export interface RenderOptions {
  /** "full": every change old → new; "compact": the changed fields' names only. */
  detail: "full" | "compact";
  /** Rows (and policy and note lines) shown at most; the rest are counted. */
  maxRows?: number;
}

export function renderMarkdown(plan: Plan, options: RenderOptions = { detail: "full" }): string {
  const out: string[] = [COMMENT_MARKER, `### Payment links plan${plan.stack ? ` for ${inline(plan.stack)}` : ""}`, ""];
  if (plan.source) out.push(sourceLine(plan.source), "");
  out.push(headline(plan), "");

  if (plan.status === "error") {
    const errors = plan.notes.filter((note) => note.severity === "error").map((note) => note.message);
    const mandatory = [...plan.policyViolations, ...plan.links.flatMap((link) => link.policyViolations)].filter(
      (violation) => violation.enforcementLevel === "mandatory",
    );
    out.push("> [!CAUTION]", "> **The preview failed**: nothing can be applied until this is fixed.");
    if (mandatory.length > 0) out.push(`> ${mandatory.length} mandatory policy violation${mandatory.length === 1 ? "" : "s"} (see Policy below).`);
    for (const error of errors.slice(0, 5)) out.push(`> ${inline(error)}`);
    out.push("");
  }
  if (plan.counts.urlChanges > 0 || plan.counts.moneyRuleChanges > 0) {
    const loud: string[] = [];
    if (plan.counts.urlChanges > 0)
      loud.push(`${URL_MARK} **${count(plan.counts.urlChanges, "public URL")} stop${plan.counts.urlChanges === 1 ? "s" : ""} working**`);
    if (plan.counts.moneyRuleChanges > 0) loud.push(`${MONEY_MARK} **money rules change on ${count(plan.counts.moneyRuleChanges, "link")}**`);
    out.push("> [!WARNING]", `> ${loud.join(" · ")}`, "");
  }

  const shown = options.maxRows === undefined ? plan.links : plan.links.slice(0, options.maxRows);
  if (shown.length > 0) {
    const table = ["| Link | File | Action | Changes |", "|---|---|---|---|", ...shown.map((link) => row(link, options.detail))];
    if (options.detail === "compact") {
      out.push(`<details open><summary>${count(plan.links.length, "changed link")} (details collapsed to fit a comment; plan.json has them all)</summary>`, "");
      out.push(...table, "", "</details>");
    } else {
      out.push(...table);
    }
    if (shown.length < plan.links.length) out.push("", `…and **${plan.links.length - shown.length} more changed links** not shown here: see plan.json.`);
    out.push("");
  }

  const violations = [
    ...plan.links.flatMap((link) => link.policyViolations.map((violation) => ({ violation, link: link.name }))),
    ...plan.policyViolations.map((violation) => ({ violation, link: subject(violation.urn) })),
  ];
  if (violations.length > 0) {
    out.push("#### Policy", "", "| Level | Policy | Link | Message |", "|---|---|---|---|");
    const limit = options.maxRows ?? violations.length;
    for (const { violation, link } of violations.slice(0, limit)) out.push(policyRow(violation, link));
    if (violations.length > limit) out.push("", `…and ${violations.length - limit} more policy violations.`);
    out.push("");
  }

  const notes = plan.notes.filter((note) => plan.status !== "error" || note.severity !== "error");
  if (notes.length > 0) {
    out.push("#### Notes from the preview", "");
    const limit = options.maxRows ?? notes.length;
    for (const note of notes.slice(0, limit)) out.push(`- ${note.severity}: ${inline(note.message)}`);
    if (notes.length > limit) out.push(`- …and ${notes.length - limit} more.`);
    out.push("");
  }
  out.push("<sub>`npm run plan` from `pulumi preview`. Unchanged links are counted, not listed.</sub>", "");
  return out.join("\n");
}

/** The update plan's digest, the commits and the run: what the apply's log and summary name too. */
function sourceLine(source: PlanSource): string {
  const parts = [
    source.updatePlan && `update plan ${inline(source.updatePlan)}`,
    source.headCommit && `head ${inline(source.headCommit)}`,
    source.baseCommit && `on main ${inline(source.baseCommit)}`,
    // A link only to a web page; anything else is shown as it is.
    source.runUrl && (/^https?:\/\/[^\s()<>]+$/.test(source.runUrl) ? `[run](${source.runUrl})` : `run ${inline(source.runUrl)}`),
  ].filter((part): part is string => typeof part === "string" && part !== "");
  return `<sub>${parts.join(" · ")}</sub>`;
}

function headline(plan: Plan): string {
  const actions = ACTIONS.filter((action) => plan.counts[action] > 0).map((action) => `${plan.counts[action]} ${action}`);
  const unchanged = `${plan.counts.unchanged} unchanged`;
  if (plan.counts.changed === 0) return `**No payment link changes** · ${unchanged}`;
  return `**${count(plan.counts.changed, "link")} change${plan.counts.changed === 1 ? "s" : ""}**: ${actions.join(" · ")} · ${unchanged}`;
}

function row(link: LinkChange, detail: RenderOptions["detail"]): string {
  const name = `${cell(link.name)}${link.title !== link.name ? ` ${cell(JSON.stringify(link.title))}` : ""}`;
  const file = link.file ? cell(link.file) : "(removed)";
  return `| ${name} | ${file} | **${link.action}** | ${changes(link, detail).join("<br>") || "—"} |`;
}

function changes(link: LinkChange, detail: RenderOptions["detail"]): string[] {
  const lines: string[] = [];
  const moneyMarks = link.action !== "create";
  if (link.instance) lines.push(`instance: ${link.instance.name !== undefined ? `${cell(link.instance.name)} ` : ""}${cell(link.instance.id)}`);
  if (link.url) {
    const retired = link.action === "archive";
    const label = `${URL_MARK} **${retired ? "URL stops working" : "URL changes"}**`;
    if (detail === "compact") lines.push(label);
    else lines.push(retired ? `${label}: ${cell(link.url.from)}` : `${label}: ${cell(link.url.from)} → ${cell(link.url.to)}`);
  }
  if (link.status) lines.push(`status: ${cell(link.status.from)} → **${cell(link.status.to)}**`);
  if (detail === "full") {
    for (const field of link.fields) {
      const mark = moneyMarks && field.moneyRule ? `${MONEY_MARK} ` : "";
      const name = mark ? `**${field.field}**` : field.field;
      lines.push(link.action === "create" ? `${name}: ${cell(field.shown.to)}` : `${mark}${name}: ${cell(field.shown.from)} → ${cell(field.shown.to)}`);
    }
    if (link.replaceReason) lines.push(`reason: ${cell(link.replaceReason)}`);
    for (const note of link.notes) lines.push(`<sub>${cell(note)}</sub>`);
  } else {
    const money = link.fields.filter((field) => moneyMarks && field.moneyRule).map((field) => field.field);
    const other = link.fields.filter((field) => !(moneyMarks && field.moneyRule)).map((field) => field.field);
    if (money.length > 0) lines.push(`${MONEY_MARK} **${money.join(", ")}**`);
    if (other.length > 0) lines.push(other.join(", "));
  }
  return lines;
}

function policyRow(violation: PolicyViolation, link: string): string {
  const level = violation.enforcementLevel === "mandatory" ? "**mandatory**" : violation.enforcementLevel;
  return `| ${level} | ${cell(violation.policy)} | ${cell(link)} | ${cell(violation.message)} |`;
}

/** What a violation not tied to a changed link is about: an unchanged link, or the stack. */
function subject(urn: string | undefined): string {
  return urn && !urn.includes("::pulumi:pulumi:Stack::") ? nameOfUrn(urn) : "(stack)";
}

/** A value in a table cell: a code span that shows it as it is and cannot break the row. */
export function cell(text: string): string {
  return codeSpan(text, { table: true });
}

/** A value in a line of text (a quote, a list item). */
function inline(text: string): string {
  return codeSpan(text, { table: false });
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
