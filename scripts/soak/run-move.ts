// Carries out one move of the operations soak on its world (world.ts) through the real CLI, killed
// where the move says and recovered as it says, and checks that the kill landed where drawn and
// that the move did what it must (operations.ts). Returns what happened, for the soak's report.
import { describeKillPoint, type KillPoint } from "../../test/harness/write-hold.ts";
import { expectationBreak, expectedWrites, killPoint, midSequence, moveExpectation, type Move } from "./operations.ts";
import { heldId, linkUrn, pulumi, writeDeclared, type Declared, type World, type WorldStack } from "./world.ts";

export interface MoveOutcome {
  /** The kill, when the move drew one: where, whether it landed there, and whether it left the move part-done. */
  kill?: { point: KillPoint; held: string | undefined; midSequence: boolean };
  /** What the move failed to do, if anything (a kill that did not land where drawn is one). */
  broke?: string;
}

export async function runMove(world: World, move: Move, step: number): Promise<MoveOutcome> {
  const stack = world.stacks[move.stack];
  const other = world.stacks[move.stack === "a" ? "b" : "a"];
  const live = (id: string | undefined) => world.project.sandbox.links().find((link) => link.id === id);
  const before = move.kind === "add" || move.kind === "adopt" ? undefined : await heldId(world, stack, move.name);
  const paid = (live(before)?.paid_count ?? 0) > 0;
  const next = stack.declared.map((link) => ({ ...link }));
  const at = (name: string) => next.find((link) => link.name === name)!;
  let target: WorldStack = stack;
  let declared: Declared[] = next;
  let adopted: string | undefined;
  const args = ["up", "--yes", "--skip-preview"];

  switch (move.kind) {
    case "title":
      at(move.name).title = `Link, edit ${step}`;
      break;
    case "price":
      at(move.name).amount += 100;
      break;
    case "pay":
      if (before) await world.project.api("POST", `/sandbox/links/${before}/pay`, {});
      return {};
    case "add":
      next.push({ name: move.name, title: `Link ${step}`, amount: 1000 });
      break;
    case "adopt": {
      const fields = { title: `Dashboard ${step}`, amount: 1500 };
      const made = await world.project.api("POST", "/links", {
        payment_instance_id: world.project.sandbox.instances.ready,
        amount_mode: "fixed",
        usage_mode: "reusable",
        ...fields,
      });
      adopted = String(made.body.data["id"]);
      world.dashboard.add(adopted);
      await world.project.api("POST", `/links/${adopted}/publish`);
      next.push({ name: move.name, ...fields, adopt: adopted });
      break;
    }
    case "remove":
      declared = next.filter((link) => link.name !== move.name);
      break;
    case "replace":
      args.push("--replace", linkUrn(stack, move.name));
      break;
    case "rename": {
      const link = at(move.name);
      link.aliases = [...(link.aliases ?? []), { name: link.name }];
      link.name = move.to!;
      break;
    }
    case "handoff": {
      // Released by its stack (forgotten, then unmarked; never archived), then adopted by the other.
      const from = at(move.name);
      const released = await world.project.cli(["release", move.name, "--stack", "test"], { cwd: stack.cwd, env: stack.env });
      if (released.code !== 0) throw new Error(`mytpe-links release ${move.name} exited ${released.code}\n${released.stdout}\n${released.stderr}`);
      stack.declared = next.filter((link) => link.name !== move.name);
      writeDeclared(world, stack);
      if (before) world.dashboard.add(before);
      target = other;
      declared = [
        ...other.declared.map((link) => ({ ...link })),
        { name: move.to!, title: from.title, amount: from.amount, ...(before ? { adopt: before } : {}) },
      ];
      break;
    }
    case "refresh":
      args.push("--refresh");
      break;
  }
  target.declared = declared;
  writeDeclared(world, target);

  const writes = expectedWrites(move.kind, paid);
  const point = move.kill && writes > 0 ? killPoint(move.kill, writes) : undefined;
  const outcome: MoveOutcome = {};
  if (!point) await pulumi(world, target, args);
  else outcome.kill = await killedAndRecovered(world, target, args, point, move.kill!.recovery, writes);
  if (outcome.kill && outcome.kill.held === undefined) outcome.broke = `the kill drawn ${describeKillPoint(point!)} did not land: the run made fewer writes`;

  const expectation = moveExpectation(move, { ...(before ? { before } : {}), paid, ...(adopted ? { adopted } : {}), ...(point ? { point } : {}) });
  const name = expectation.kind === "none" ? undefined : expectation.name;
  const broke = expectationBreak(expectation, name === undefined ? undefined : await heldId(world, target, name), (id) => live(id)?.status);
  if (broke) outcome.broke = outcome.broke ? `${outcome.broke}; ${broke}` : broke;
  if (adopted && (await heldId(world, target, move.name)) === adopted) world.dashboard.delete(adopted);
  if (move.kind === "handoff" && before && (await heldId(world, target, move.to!)) === before) world.dashboard.delete(before);
  return outcome;
}

/** Runs the move killed at `point`, then recovers as drawn; says where the kill landed. */
async function killedAndRecovered(
  world: World,
  stack: WorldStack,
  args: string[],
  point: KillPoint,
  recovery: "plain" | "plan" | "twice",
  writes: number,
): Promise<NonNullable<MoveOutcome["kill"]>> {
  const planned = recovery === "plan";
  // The plan a reviewer saw: the same command as a preview (`up`'s own options left out).
  if (planned) await pulumi(world, stack, ["preview", "--save-plan", "plan.json", ...args.filter((arg) => !["up", "--yes", "--skip-preview"].includes(arg))]);
  const run = planned ? [...args, "--plan", "plan.json"] : args;
  const held = await killAt(world, stack, run, point);
  // What a pipeline re-runs: the same plan, or a plain up (never asked to replace again).
  const again = planned ? run : ["up", "--yes", "--skip-preview"];
  if (recovery === "twice") await killAt(world, stack, again, { write: 1, applied: point.applied });
  await pulumi(world, stack, again);
  return { point, held, midSequence: midSequence(point, writes) };
}

/** Runs `args` with the hold armed at `point`; kills the CLI when it holds; releases the lock as `pulumi cancel` does. */
async function killAt(world: World, stack: WorldStack, args: string[], point: KillPoint): Promise<string | undefined> {
  world.hold.arm(point);
  const result = await pulumi(world, stack, args, { killWhen: world.hold.landed });
  const held = world.hold.held();
  world.hold.release();
  if (result.killed) await pulumi(world, stack, ["cancel", "--yes"]);
  return held;
}
