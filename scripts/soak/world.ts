// The operations soak's world: one sandbox and one payment instance shared by two states — project
// `mytpe-links` in one backend and project `garden` in another, both on a stack named `test`, as two
// campaign repositories of one merchant would be — more than a hundred dashboard links made in the
// same seconds (ties in listings, shuffled on every request), and every command run as production
// runs it, checkpoints skipped. Each state declares its links in a links.json its program reads.
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { localBackendUrl } from "../../src/cli/pulumi-env.ts";
import { urnOf } from "../../src/link/urn.ts";
import { PAYMENT_LINK_TYPE } from "../../src/provider/protocol.ts";
import { createCliProject, type CliProject } from "../../test/cli/links/cli-project.ts";
import { writeHold, type WriteHold } from "../../test/harness/write-hold.ts";
import type { PulumiResult } from "../../test/harness/temp-project.ts";

export const PROGRAM = `
import { readFileSync } from "node:fs";
import { PaymentLink } from "mytpe-links";
const declared = JSON.parse(readFileSync(new URL("./links.json", import.meta.url), "utf8"));
for (const { name, title, amount, instance, aliases, adopt } of declared) {
  new PaymentLink(name, { payment_instance_id: instance, title, amount_mode: "fixed", amount, usage_mode: "reusable", ...(adopt ? { adopt } : {}) }, aliases ? { aliases } : {});
}
`;

export interface Declared {
  name: string;
  title: string;
  amount: number;
  aliases?: { name: string }[];
  adopt?: string;
}

export type StackKey = "a" | "b";

/** One state of the world. */
export interface WorldStack {
  key: StackKey;
  project: string;
  /** The project's folder. */
  cwd: string;
  /** Its backend and settings, for every Pulumi command run in it. */
  env: Record<string, string>;
  declared: Declared[];
}

export interface World {
  project: CliProject;
  hold: WriteHold;
  stacks: Record<StackKey, WorldStack>;
  /** Links made in the dashboard: unmarked until a declaration adopts them. */
  dashboard: Set<string>;
}

const SKIP = { PULUMI_SKIP_CHECKPOINTS: "true" };

/** The URN of the link `name` in the state `stack`. */
export function linkUrn(stack: WorldStack, name: string): string {
  return urnOf("test", stack.project, PAYMENT_LINK_TYPE, name);
}

/** The world of one seed: both states made, each with `initial` links made by one up. */
export async function createWorld(seed: number, initial: number, background: number): Promise<World> {
  const hold = writeHold();
  const project = await createCliProject({ program: PROGRAM, layers: [hold.layer] });
  // Links made within one second are listed in a different order on each request, as the real API
  // may order them (created_at is stored to the second): no search for a mark may rely on order.
  project.sandbox.setFaults({ shuffle_ties: true, seed });
  const garden = join(project.dir, "garden");
  mkdirSync(join(garden, "stacks"), { recursive: true });
  mkdirSync(join(project.dir, ".pulumi-garden"));
  writeFileSync(join(garden, "Pulumi.yaml"), readFileSync(join(project.dir, "Pulumi.yaml"), "utf8").replace("name: mytpe-links", "name: garden"));
  writeFileSync(join(garden, "package.json"), readFileSync(join(project.dir, "package.json")));
  writeFileSync(join(garden, "index.js"), PROGRAM);
  symlinkSync(join(project.dir, "node_modules"), join(garden, "node_modules"));
  const world: World = {
    project,
    hold,
    stacks: {
      a: { key: "a", project: "mytpe-links", cwd: project.dir, env: { ...SKIP }, declared: [] },
      b: { key: "b", project: "garden", cwd: garden, env: { ...SKIP, PULUMI_BACKEND_URL: localBackendUrl(join(project.dir, ".pulumi-garden")) }, declared: [] },
    },
    dashboard: new Set(),
  };
  await pulumi(world, world.stacks.b, ["stack", "init", "test"]);
  for (let i = 0; i < background; i++) {
    const made = await project.api("POST", "/links", {
      payment_instance_id: project.sandbox.instances.ready,
      title: `Dashboard ${i}`,
      amount_mode: "open",
      usage_mode: "reusable",
    });
    world.dashboard.add(String(made.body.data["id"]));
  }
  for (const stack of Object.values(world.stacks)) {
    stack.declared = Array.from({ length: initial }, (_, i) => ({ name: `link-0${i + 1}`, title: `${stack.project} 0${i + 1}`, amount: 1000 * (i + 1) }));
    writeDeclared(world, stack);
    await pulumi(world, stack, ["up", "--yes", "--skip-preview"]);
  }
  return world;
}

/** Writes the stack's declarations where its program reads them. */
export function writeDeclared(world: World, stack: WorldStack): void {
  const instance = world.project.sandbox.instances.ready;
  writeFileSync(join(stack.cwd, "links.json"), JSON.stringify(stack.declared.map((link) => ({ ...link, instance }))));
}

/** A Pulumi command in the stack's project and backend; throws with its output when it fails. */
export async function pulumi(world: World, stack: WorldStack, args: string[], options: { killWhen?: () => boolean } = {}): Promise<PulumiResult> {
  const result = await world.project.pulumi(args, { env: stack.env, cwd: stack.cwd, ...options });
  if (result.code !== 0 && !result.killed)
    throw new Error(`pulumi ${args.join(" ")} (${stack.project}) exited ${result.code}\n${result.stdout}\n${result.stderr}`);
  return result;
}

/** The stack's resources as its state holds them. */
export async function exported(world: World, stack: WorldStack): Promise<{ urn: string; type: string; id?: string; outputs?: Record<string, unknown> }[]> {
  const result = await pulumi(world, stack, ["stack", "export"]);
  return (
    (JSON.parse(result.stdout) as { deployment: { resources?: { urn: string; type: string; id?: string; outputs?: Record<string, unknown> }[] } }).deployment
      .resources ?? []
  );
}

/** The link id the state holds for `name`. */
export async function heldId(world: World, stack: WorldStack, name: string): Promise<string | undefined> {
  return (await exported(world, stack)).find((resource) => resource.urn === linkUrn(stack, name))?.id;
}
