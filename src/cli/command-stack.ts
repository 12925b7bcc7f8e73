// The stack a project command runs on, the same for every command (up, plan, apply, links, pulumi):
// the one named (--stack, else PULUMI_STACK), else the selected one, else `local`, selected. The
// stack `local` is created when it does not exist yet (a fresh clone); any other only when asked
// (`up --create-stack`): a new stack named like another backend's is another state, never that
// stack. What was chosen or created is said on stderr. Whether a stack exists is read from
// the exit code of `pulumi stack --stack NAME --show-name`, never from the wording of Pulumi's errors.
import { spawnSync } from "node:child_process";
import { LOCAL_STACK, localStackEnv, pulumiEnv, type PulumiRun } from "./pulumi-env.ts";

/** A Pulumi run whose stack exists. */
export type StackRun = PulumiRun & { stack: string };

export interface StackChoice {
  /** Which stacks are created when missing: `local` only (default), or any (`up`). */
  create?: "local" | "any";
  /** Select the stack even when one is named (`up`); a command with no stack named selects `local` anyway. */
  select?: boolean;
}

/** What to do to get the stack: nothing, select it, or create it (and whether to select it too). */
export type StackAction = { kind: "none" } | { kind: "select" } | { kind: "create"; select: boolean } | { kind: "missing" };

/**
 * The decision, pure: `named` is false when the command fell back to `local` (no stack named or
 * selected), `exists` whether the backend has the stack.
 */
export function stackAction(stack: string, facts: { named: boolean; exists: boolean }, choice: StackChoice = {}): StackAction {
  const select = choice.select === true || !facts.named;
  const creatable = stack === LOCAL_STACK || choice.create === "any";
  if (!facts.exists) return creatable ? { kind: "create", select } : { kind: "missing" };
  return select ? { kind: "select" } : { kind: "none" };
}

/** A backend URL for messages: a password in it (postgres://user:secret@…) left out. */
export function redactedBackend(url: string): string {
  return url.replace(/(\/\/[^:/@]+):[^@/]*@/, "$1:***@");
}

/** The line that says what was done, undefined when nothing was. */
export function stackActionNote(stack: string, action: StackAction, named: boolean): string | undefined {
  const what = stack === LOCAL_STACK ? `stack ${stack} (the embedded sandbox)` : `stack ${stack}`;
  const change = "`mytpe-links pulumi stack select NAME` to change";
  if (action.kind === "create") return named ? `created ${what}` : `no stack was selected: selected ${what}, created now; ${change}`;
  if (action.kind === "select" && !named) return `no stack was selected: selected ${what}; ${change}`;
  return undefined;
}

/**
 * The CLI, environment and stack for a command in the project at `root`, the stack made to exist
 * (or an error naming it and how to create it). `named` is the stack the command line or
 * PULUMI_STACK names, if any.
 */
export async function commandStack(
  root: string,
  named: string | undefined,
  base: NodeJS.ProcessEnv,
  log: (line: string) => void,
  choice: StackChoice = {},
): Promise<StackRun> {
  let run = await pulumiEnv(root, named ? ["--stack", named] : [], base, log);
  const isNamed = run.stack !== undefined;
  if (!isNamed) run = await pulumiEnv(root, ["--stack", LOCAL_STACK], base, log);
  const stack = run.stack ?? LOCAL_STACK;
  const pulumi = (args: string[]) => spawnSync(run.cli.pulumi, [...args, "--non-interactive"], { cwd: root, env: run.env, encoding: "utf8" });

  // A qualified name (org/project/stack, Pulumi Cloud) is left to Pulumi.
  // One stack looked up, by its exit code: `stack ls` lists every stack, and against the PostgreSQL
  // backend with several stacks and concurrent runs it was seen to hang (test/team/parallel-campaigns).
  const exists = stack.includes("/") || pulumi(["stack", "--stack", stack, "--show-name"]).status === 0;
  const action = stackAction(stack, { named: isNamed, exists }, choice);
  if (action.kind === "missing") {
    const backend = run.env["PULUMI_BACKEND_URL"] ? `the backend ${redactedBackend(run.env["PULUMI_BACKEND_URL"])}` : "the backend Pulumi is logged in to";
    throw new Error(
      `the project has no stack ${stack} in ${backend}; nothing was run. If ${stack}'s state lives in another backend or ` +
        `organization, point PULUMI_BACKEND_URL (or \`pulumi login\`) there; a new stack of the same name is another state and ` +
        `takes none of that stack's links. To create it here on purpose: \`mytpe-links up --stack ${stack} --create-stack\``,
    );
  }
  if (action.kind !== "none") {
    const args = action.kind === "select" ? ["stack", "select", stack] : ["stack", "init", stack, ...(action.select ? [] : ["--no-select"])];
    const env = stack === LOCAL_STACK ? localStackEnv(run.env) : run.env;
    const done = spawnSync(run.cli.pulumi, [...args, "--non-interactive"], { cwd: root, env, encoding: "utf8" });
    if (done.status !== 0) throw new Error(`pulumi ${args.join(" ")} failed: ${done.stderr.trim() || `exit code ${String(done.status)}`}`);
    const note = stackActionNote(stack, action, isNamed);
    if (note) log(note);
  }
  return { ...run, stack };
}
