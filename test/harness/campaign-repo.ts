// Campaign repositories as a team has them: an origin made by `mytpe-links init` and committed with
// git, and clones of it, one per runner (a CI job, a colleague's machine), each with its own
// checkout and Pulumi home, all sharing the state backend and the API. The project's commands run
// through the real CLI (`node dist/cli/main.js`), as `npx mytpe-links` runs them in the workflow.
// node_modules of a clone are the repo's, linked, with mytpe-links pointing at this repository.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { runProcess, type ProcessResult } from "./run-process.ts";
import { linkPackages, REPO } from "./temp-project.ts";

const MAIN = join(REPO, "dist", "cli", "main.js");
/** Files as a commit changes them: path in the repository → content, or null to delete it. */
export type Files = Record<string, string | null>;

export interface Runner {
  name: string;
  dir: string;
  /** The runner's environment (backend, passphrase, API, its Pulumi home), as its commands get it. */
  env: NodeJS.ProcessEnv;
  /** `mytpe-links <args>` in the clone, with the runner's environment (plus `env`). */
  mytpeLinks(args: readonly string[], options?: { env?: Record<string, string>; killWhen?: () => boolean }): Promise<ProcessResult>;
  /** `git <args>` in the clone; throws when it fails. */
  git(...args: string[]): Promise<string>;
  write(files: Files): void;
}

export interface CampaignOrigin {
  /** The origin repository (branch main). */
  dir: string;
  /** Writes the files in the origin and commits them on its current branch. */
  commit(files: Files, message: string): Promise<void>;
  /** `git <args>` in the origin (e.g. merging a pushed branch, as a pull request's merge does). */
  git(...args: string[]): Promise<string>;
  /** A fresh clone of the origin; `env` is added to the shared environment for this runner alone. */
  clone(name: string, env?: Record<string, string>): Promise<Runner>;
  dispose(): void;
}

/**
 * Scaffolds a campaign repository with `mytpe-links init`, writes `files` over it (stack files,
 * links), commits, creates each stack of `stacks` in the shared backend (which adds the stack's
 * encryption salt to its stack file, as `pulumi stack init` does) and commits that too.
 * `env` is what every runner shares: PULUMI_BACKEND_URL, PULUMI_CONFIG_PASSPHRASE, MYTPE_*.
 */
export async function createCampaignOrigin(options: { env: Record<string, string>; files: Files; stacks: readonly string[] }): Promise<CampaignOrigin> {
  const root = mkdtempSync(join(tmpdir(), "mytpe-team-"));
  const originDir = join(root, "origin");
  const baseEnv = cleanEnv();
  const origin = makeRunner("origin", originDir, { ...baseEnv, ...options.env, PULUMI_HOME: join(root, "homes", "origin") });
  try {
    await scaffoldOrigin(origin, root, baseEnv, options);
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
  return {
    dir: originDir,
    git: (...args) => origin.git(...args),
    async commit(files, message) {
      origin.write(files);
      await origin.git("add", "-A");
      await origin.git("commit", "-q", "-m", message);
    },
    async clone(name, env = {}) {
      const dir = join(root, "runners", name);
      mkdirSync(dirname(dir), { recursive: true });
      const cloned = await runProcess("git", ["clone", "-q", originDir, dir], { cwd: root, env: gitEnv(baseEnv) });
      if (cloned.code !== 0) throw new Error(`git clone failed:\n${cloned.stderr}`);
      linkPackages(join(dir, "node_modules"), REPO);
      return makeRunner(name, dir, { ...baseEnv, ...options.env, ...env, PULUMI_HOME: join(root, "homes", name) });
    },
    dispose() {
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** `mytpe-links init`, the files, a first commit, the stacks created in the backend, a second commit. */
async function scaffoldOrigin(origin: Runner, root: string, baseEnv: NodeJS.ProcessEnv, options: { files: Files; stacks: readonly string[] }): Promise<void> {
  const scaffold = await runProcess(process.execPath, [MAIN, "init", origin.dir, "--name", "payment-links"], { cwd: root, env: baseEnv });
  if (scaffold.code !== 0) throw new Error(`mytpe-links init failed:\n${scaffold.stderr}`);
  origin.write(options.files);
  await origin.git("init", "-q", "-b", "main");
  await origin.git("add", "-A");
  await origin.git("commit", "-q", "-m", "Campaign repository from mytpe-links init");
  const init = async (stack: string) => {
    const created = await origin.mytpeLinks(["pulumi", "stack", "init", stack, "--non-interactive"]);
    if (created.code !== 0) throw new Error(`stack init ${stack} failed:\n${created.stdout}${created.stderr}`);
  };
  // The first command on an empty PostgreSQL database creates Pulumi's table; two doing it at once
  // fail ("duplicate key value violates unique constraint pg_type_typname_nsp_index"): one first.
  const [first, ...others] = options.stacks;
  if (first !== undefined) await init(first);
  await Promise.all(others.map(init));
  await origin.git("add", "-A");
  await origin.git("commit", "-q", "-m", "Stacks created in the shared backend");
}

function makeRunner(name: string, dir: string, env: NodeJS.ProcessEnv): Runner {
  return {
    name,
    dir,
    env,
    mytpeLinks: (args, options = {}) =>
      runProcess(process.execPath, [MAIN, ...args], { cwd: dir, env: { ...env, ...options.env }, ...(options.killWhen ? { killWhen: options.killWhen } : {}) }),
    async git(...args) {
      const result = await runProcess("git", args, { cwd: dir, env: gitEnv(env) });
      if (result.code !== 0) throw new Error(`git ${args.join(" ")} failed in ${dir}:\n${result.stderr}`);
      return result.stdout;
    },
    write(files) {
      for (const [path, content] of Object.entries(files)) {
        if (content === null) rmSync(join(dir, path), { force: true });
        else {
          mkdirSync(dirname(join(dir, path)), { recursive: true });
          writeFileSync(join(dir, path), content);
        }
      }
    },
  };
}

/** The test process's environment without anything that would point a runner elsewhere. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(PULUMI_|MYTPE_|PG)/.test(key)));
  return { ...env, NO_COLOR: "1", PULUMI_SKIP_UPDATE_CHECK: "true" };
}

/** Commits need an author, whatever the machine's git config says. */
function gitEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...env, GIT_AUTHOR_NAME: "runner", GIT_AUTHOR_EMAIL: "runner@example.com", GIT_COMMITTER_NAME: "runner", GIT_COMMITTER_EMAIL: "runner@example.com" };
}
