// The team tests find PostgreSQL, or install it themselves where they can (root, apt-get), once
// under a lock, or stop with a message that says what to run.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { postgresBinDir, postgresSetup, type PostgresSetup } from "./postgres-install.ts";
import { runProcess } from "./run-process.ts";

const scratch = mkdtempSync(join(tmpdir(), "mytpe-pg-install-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A Debian-like /usr/lib/postgresql under the scratch folder, with these versions (those marked true have initdb). */
function postgresFolder(name: string, versions: Record<string, boolean>): string {
  const folder = join(scratch, name);
  mkdirSync(folder);
  for (const [version, withInitdb] of Object.entries(versions)) {
    mkdirSync(join(folder, version, "bin"), { recursive: true });
    if (withInitdb) writeFileSync(join(folder, version, "bin", "initdb"), "");
  }
  return folder;
}

describe("postgresSetup", () => {
  const folder = "/usr/lib/postgresql";
  const cases: [string, { bin: string | undefined; asRoot: boolean; aptGet: boolean }, PostgresSetup["action"]][] = [
    ["installed: used, as root", { bin: `${folder}/15/bin`, asRoot: true, aptGet: true }, "use"],
    ["installed: used, not root, without apt-get", { bin: `${folder}/15/bin`, asRoot: false, aptGet: false }, "use"],
    ["missing, root with apt-get: installed", { bin: undefined, asRoot: true, aptGet: true }, "install"],
    ["missing, not root: the user is told to install it", { bin: undefined, asRoot: false, aptGet: true }, "fail"],
    ["missing, without apt-get: the user is told what is needed", { bin: undefined, asRoot: true, aptGet: false }, "fail"],
  ];
  it.each(cases)("%s", (_, facts, action) => {
    const setup = postgresSetup({ folder, ...facts });
    expect(setup.action).toBe(action);
    if (setup.action === "use") expect(setup.bin).toBe(facts.bin);
  });

  it("installs with apt-get under a lock, checking again once it holds the lock", () => {
    expect(postgresSetup({ folder, bin: undefined, asRoot: true, aptGet: true })).toEqual({
      action: "install",
      command: [
        "flock",
        join(tmpdir(), "mytpe-postgresql-install.lock"),
        "sh",
        "-c",
        "ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq --no-install-recommends postgresql; }",
      ],
    });
  });

  it("tells a user who is not root what to run", () => {
    const setup = postgresSetup({ folder, bin: undefined, asRoot: false, aptGet: true });
    expect(setup.action === "fail" && setup.message).toMatchInlineSnapshot(
      `"PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): the team tests (test/team/) start throw-away clusters with its initdb and pg_ctl, and the tests install it only when they run as root. Install it once (sudo apt-get install -y postgresql; no server needs to be running), then run the tests again."`,
    );
  });

  it("tells a user without apt-get which binaries are needed, and where", () => {
    const setup = postgresSetup({ folder, bin: undefined, asRoot: true, aptGet: false });
    expect(setup.action === "fail" && setup.message).toMatchInlineSnapshot(
      `"PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): the team tests (test/team/) start throw-away clusters with its initdb and pg_ctl, and there is no apt-get to install them with. Install PostgreSQL's server package so that they are under /usr/lib/postgresql/<version>/bin (Debian and Ubuntu: apt-get install -y postgresql), then run the tests again."`,
    );
  });
});

describe("postgresBinDir", () => {
  it("picks the newest version that has initdb, by number", () => {
    const folder = postgresFolder("versions", { "9": true, "15": true, "16": false });
    expect(postgresBinDir(folder)).toBe(join(folder, "15", "bin"));
  });

  it("finds nothing in a folder without initdb, or no folder", () => {
    expect(postgresBinDir(postgresFolder("empty", { "16": false }))).toBeUndefined();
    expect(postgresBinDir(join(scratch, "absent"))).toBeUndefined();
  });
});

describe("the install command", () => {
  // apt-get left off PATH: the command shows whether it would have been run, without running it.
  const bin = join(scratch, "bin");
  mkdirSync(bin);
  for (const tool of ["/usr/bin/flock", "/bin/sh", "/bin/ls"]) symlinkSync(tool, join(bin, basename(tool)));
  const install = async (folder: string) => {
    const setup = postgresSetup({ folder, bin: undefined, asRoot: true, aptGet: true });
    if (setup.action !== "install") throw new Error(`expected an install, got ${setup.action}`);
    const [command, ...args] = setup.command;
    return runProcess(join(bin, command!), args, { cwd: scratch, env: { PATH: bin } });
  };

  it("does nothing once it holds the lock if another test file installed PostgreSQL meanwhile", async () => {
    const result = await install(postgresFolder("installed-meanwhile", { "15": true }));
    expect(result).toMatchObject({ code: 0, stdout: "", stderr: "" });
  });

  it("runs apt-get where PostgreSQL is still missing", async () => {
    const result = await install(postgresFolder("still-missing", {}));
    expect(result.code).toBe(127);
    expect(result.stderr).toMatch(/apt-get: not found/);
  });
});
