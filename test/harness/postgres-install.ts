// The PostgreSQL server binaries the team tests start their throw-away clusters with (postgres.ts):
// the ones Debian installs under /usr/lib/postgresql/<version>/bin, or, on a machine without them,
// installed by the tests themselves (as root, with apt-get: what CI's machine has), once, under a
// lock so test files starting at once do not race apt. Where they cannot be installed, the error
// says why and what to run.
import { accessSync, constants, existsSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { runProcess } from "./run-process.ts";

export const POSTGRES_ROOT = "/usr/lib/postgresql";
/** Held (flock) while one test process installs PostgreSQL; the others wait, then find it installed. */
const INSTALL_LOCK = join(tmpdir(), "mytpe-postgresql-install.lock");

/** What the setup knows about the machine. */
export interface PostgresFacts {
  /** Where Debian installs them (POSTGRES_ROOT; another folder in tests). */
  folder: string;
  /** The server binaries found there, if any (postgresBinDir()). */
  bin: string | undefined;
  asRoot: boolean;
  aptGet: boolean;
}

export type PostgresSetup =
  | { action: "use"; bin: string }
  /** Run `command` (argv), then look for the binaries again. */
  | { action: "install"; command: string[] }
  | { action: "fail"; message: string };

const missing = (folder: string) =>
  `PostgreSQL is not installed (no ${folder}/*/bin/initdb): the team tests (test/team/) start throw-away clusters with its initdb and pg_ctl`;

/** Whether to use the installed PostgreSQL, install it, or stop and say what to do. */
export function postgresSetup(facts: PostgresFacts): PostgresSetup {
  if (facts.bin !== undefined) return { action: "use", bin: facts.bin };
  if (!facts.aptGet) {
    return {
      action: "fail",
      message: `${missing(facts.folder)}, and there is no apt-get to install them with. Install PostgreSQL's server package so that they are under ${facts.folder}/<version>/bin (Debian and Ubuntu: apt-get install -y postgresql), then run the tests again.`,
    };
  }
  if (!facts.asRoot) {
    return {
      action: "fail",
      message: `${missing(facts.folder)}, and the tests install it only when they run as root. Install it once (sudo apt-get install -y postgresql; no server needs to be running), then run the tests again.`,
    };
  }
  // The check runs again under the lock: a test file that waited finds it installed.
  const script = `ls ${facts.folder}/*/bin/initdb >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq --no-install-recommends postgresql; }`;
  return { action: "install", command: ["flock", INSTALL_LOCK, "sh", "-c", script] };
}

/** The server binaries of the newest PostgreSQL installed the Debian way, if any. */
export function postgresBinDir(root = POSTGRES_ROOT): string | undefined {
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((version) => existsSync(join(root, version, "bin", "initdb")))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? undefined : join(root, versions[0], "bin");
}

/** The folder of initdb, pg_ctl and psql: found, or installed now (about a minute), or an error saying what to do. */
export async function ensurePostgres(folder = POSTGRES_ROOT): Promise<string> {
  const setup = postgresSetup({ folder, bin: postgresBinDir(folder), asRoot: process.getuid?.() === 0, aptGet: onPath("apt-get") });
  if (setup.action === "use") return setup.bin;
  if (setup.action === "fail") throw new Error(setup.message);
  process.stderr.write(`${missing(folder)}: installing it (${setup.command.join(" ")})\n`);
  const [command, ...args] = setup.command;
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const result = await runProcess(command!, args, { cwd: tmpdir(), env }).catch((error: Error) => ({ code: 127, stdout: "", stderr: error.message }));
  const bin = postgresBinDir(folder);
  if (result.code === 0 && bin !== undefined) return bin;
  throw new Error(
    `${missing(folder)}, and installing it failed (${setup.command.join(" ")} exited ${result.code}):\n${result.stderr}${result.stdout}\nInstall it by hand (apt-get install -y postgresql), then run the tests again.`,
  );
}

function onPath(command: string): boolean {
  return (process.env["PATH"] ?? "").split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}
