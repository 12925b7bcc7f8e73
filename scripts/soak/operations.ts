// The operations soak's moves: what a user does to a stack of payment links with Pulumi — edit,
// reprice, pay, add, remove, `up --replace`, rename with an alias, adopt a dashboard link, hand a
// link over (`mytpe-links release`, then another declaration adopts it), refresh —
// some of them killed part-way (SIGKILL after a few API writes, then `pulumi cancel` and one
// `up --refresh`, as the README says). `nextOperation` is a pure function of a seeded random
// source and the declarations; `applyOperation` carries one out through the real CLI.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { urnOf } from "../../src/link/urn.ts";
import type { CliProject } from "../../test/cli/links/cli-project.ts";
import type { PulumiResult } from "../../test/harness/temp-project.ts";

export const PROGRAM = `
import { readFileSync } from "node:fs";
import { PaymentLink } from "mytpe-links";
const declared = JSON.parse(readFileSync(new URL("./links.json", import.meta.url), "utf8"));
for (const { name, title, amount, instance, aliases, adopt } of declared) {
  new PaymentLink(name, { payment_instance_id: instance, title, amount_mode: "fixed", amount, usage_mode: "reusable", ...(adopt ? { adopt } : {}) }, aliases ? { aliases } : {});
}
`;

export const TYPE = "pulumi-nodejs:dynamic/mytpe:PaymentLink";
/** The URN of the link `name` of the soak's stack. */
export const linkUrn = (name: string): string => urnOf("test", "mytpe-links", TYPE, name);

export interface Declared {
  name: string;
  title: string;
  amount: number;
  aliases?: { name: string }[];
  adopt?: string;
}

export type Operation = { kill?: number } & (
  | { kind: "title" | "price" | "pay" | "remove" | "replace"; name: string }
  | { kind: "add" | "adopt"; name: string }
  | { kind: "rename" | "handoff"; name: string; to: string }
  | { kind: "refresh" }
);

const KINDS = ["title", "price", "pay", "add", "remove", "replace", "rename", "adopt", "handoff", "refresh"] as const;

/** The next move: `step` numbers new names; a quarter of the moves that write are killed. */
export function nextOperation(random: () => number, declared: readonly Declared[], step: number): Operation {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  let kind = pick(KINDS);
  if (declared.length <= 1 && (kind === "remove" || kind === "rename" || kind === "handoff")) kind = "add";
  if (declared.length === 0 && kind !== "adopt") kind = "add";
  const kill = kind !== "pay" && kind !== "refresh" && random() < 0.25 ? 1 + Math.floor(random() * 3) : undefined;
  const withKill = <T extends object>(operation: T) => (kill === undefined ? operation : { ...operation, kill });
  switch (kind) {
    case "add":
    case "adopt":
      return withKill({ kind, name: `link-${step}` });
    case "rename":
    case "handoff": {
      const name = pick(declared).name;
      return withKill({ kind, name, to: `link-${step}` });
    }
    case "refresh":
      return { kind };
    default:
      return withKill({ kind, name: pick(declared).name });
  }
}

/** Says a move in one line, as the soak prints it. */
export function describeOperation(operation: Operation): string {
  const what = operation.kind === "rename" || operation.kind === "handoff" ? `${operation.kind} ${operation.name} → ${operation.to}` : operation.kind === "refresh" ? "refresh" : `${operation.kind} ${operation.name}`;
  return operation.kill === undefined ? what : `${what}, killed after ${operation.kill} API write(s)`;
}

/** Carries out a move on the project; returns the declarations after it. */
export async function applyOperation(project: CliProject, operation: Operation, declared: Declared[], step: number): Promise<Declared[]> {
  let next = declared.map((link) => ({ ...link }));
  const at = (name: string) => next.find((link) => link.name === name)!;
  const args = ["up", "--yes", "--skip-preview"];
  switch (operation.kind) {
    case "title":
      at(operation.name).title = `Link, edit ${step}`;
      break;
    case "price":
      at(operation.name).amount += 100;
      break;
    case "pay": {
      const id = await stateIdOf(project, operation.name);
      if (id) await project.api("POST", `/sandbox/links/${id}/pay`, {});
      return next;
    }
    case "add":
      next.push({ name: operation.name, title: `Link ${step}`, amount: 1000 });
      break;
    case "adopt": {
      const fields = { title: `Dashboard ${step}`, amount: 1500 };
      const made = await project.api("POST", "/links", { payment_instance_id: project.sandbox.instances.ready, amount_mode: "fixed", usage_mode: "reusable", ...fields });
      const id = String(made.body.data["id"]);
      await project.api("POST", `/links/${id}/publish`);
      next.push({ name: operation.name, ...fields, adopt: id });
      break;
    }
    case "remove":
      next = next.filter((link) => link.name !== operation.name);
      break;
    case "replace":
      args.push("--replace", linkUrn(operation.name));
      break;
    case "rename": {
      const link = at(operation.name);
      link.aliases = [...(link.aliases ?? []), { name: link.name }];
      link.name = operation.to;
      break;
    }
    case "handoff": {
      // A hand-off: the link released (unmarked, forgotten by the state), its declaration removed,
      // and a new declaration adopting it, as another stack would.
      const from = at(operation.name);
      const id = await stateIdOf(project, operation.name);
      const released = await project.cli(["release", operation.name, "--stack", "test"]);
      if (released.code !== 0) throw new Error(`mytpe-links release ${operation.name} exited ${released.code}\n${released.stdout}\n${released.stderr}`);
      next = next.filter((link) => link.name !== operation.name);
      next.push({ name: operation.to, title: from.title, amount: from.amount, ...(id ? { adopt: id } : {}) });
      break;
    }
    case "refresh":
      args.push("--refresh");
      break;
  }
  write(project, next);
  await up(project, args, operation.kill);
  if (operation.kind === "handoff") {
    // The link handed over is the one adopted: same id, same URL, never a new link.
    const adopted = next.find((link) => link.name === operation.to)?.adopt;
    const held = await stateIdOf(project, operation.to);
    if (adopted !== held) throw new Error(`the hand-off of ${operation.name} to ${operation.to}: ${operation.to} holds link ${held}, not the released ${adopted}`);
  }
  return next;
}

export function write(project: CliProject, declared: readonly Declared[]): void {
  const instance = project.sandbox.instances.ready;
  writeFileSync(join(project.dir, "links.json"), JSON.stringify(declared.map((link) => ({ ...link, instance }))));
}

/** `up`, killed after `kill` API writes when asked, then recovered as README says: cancel, then one `up --refresh`. */
async function up(project: CliProject, args: string[], kill: number | undefined): Promise<void> {
  const writes = () => project.sandbox.requests.filter((request) => request.method !== "GET").length;
  const before = writes();
  const result: PulumiResult = await project.pulumi(args, kill === undefined ? {} : { killWhen: () => writes() - before >= kill });
  if (result.killed) {
    await project.pulumi(["cancel", "--yes"]);
    await project.run(["up", "--yes", "--skip-preview", "--refresh"]);
  } else if (result.code !== 0) {
    throw new Error(`pulumi ${args.join(" ")} exited ${result.code}\n${result.stdout}\n${result.stderr}`);
  }
}

async function stateIdOf(project: CliProject, name: string): Promise<string | undefined> {
  const state = await project.exportStack();
  return state.deployment.resources.find((resource) => resource.urn === linkUrn(name))?.id;
}
