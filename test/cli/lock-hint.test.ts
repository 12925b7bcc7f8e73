// What `mytpe-links up` and `apply` add when another run holds the stack's lock, decided from facts
// (the engine's event log, the backend's lock files), never from the wording of Pulumi's errors.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fileBackendLocks, lockHint } from "../../src/cli/lock-hint.ts";
import { linksYaml } from "../harness/temp-project.ts";
import { createCliProject, type CliProject } from "./links/cli-project.ts";

describe("lockHint", () => {
  it("says who holds the lock, that nothing changed, when to wait, and how to recover from a dead run, naming the stack", () => {
    expect(lockHint({ engineStarted: false, holders: ["root@vm (pid 7840)"] }, "production")).toMatchInlineSnapshot(`
      [
        "mytpe-links: the stack production is locked by another run (root@vm (pid 7840)), so this run stopped before changing anything.",
        "  If that run is still going (another pipeline, a colleague), wait for it to end, then run again.",
        "  If it died (runner killed, machine lost), release the lock, then let one run record what the dead run did:",
        "    npx mytpe-links pulumi cancel --stack production --yes",
        "    npx mytpe-links pulumi up --refresh --stack production --yes",
        "  \`cancel\` removes every lock of the stack, a live run's too: check who holds it first (user@host, pid and time above).",
      ]
    `);
  });

  it("on a backend whose locks cannot be read, says the run changed nothing and what to do if the stack is locked", () => {
    const hint = lockHint({ engineStarted: false, holders: "unknown" }, "production");
    expect(hint?.[0]).toBe(
      "mytpe-links: this run stopped before Pulumi started the update, so it changed nothing. If Pulumi says above that the stack production is locked by another run:",
    );
    expect(hint).toContain("    npx mytpe-links pulumi cancel --stack production --yes");
  });

  it("adds nothing once the engine started, nor when the stack has no lock", () => {
    expect(lockHint({ engineStarted: true, holders: ["root@vm (pid 1)"] }, "production")).toBeUndefined();
    expect(lockHint({ engineStarted: true, holders: "unknown" }, "production")).toBeUndefined();
    expect(lockHint({ engineStarted: false, holders: [] }, "production")).toBeUndefined();
  });
});

describe("the lock files of a file backend", () => {
  let folder: string;
  const lock = (org: string, project: string, stack: string, id: string, content: string) => {
    mkdirSync(join(folder, ".pulumi", "locks", org, project, stack), { recursive: true });
    writeFileSync(join(folder, ".pulumi", "locks", org, project, stack, `${id}.json`), content);
  };
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), "locks-"));
    lock("organization", "shop", "production", "a1", JSON.stringify({ pid: 7840, username: "root", hostname: "vm", timestamp: "2026-11-29T10:31:14Z" }));
    lock("organization", "shop", "staging", "b2", JSON.stringify({ pid: 1, username: "ci", hostname: "runner" }));
    lock("organization", "other", "production", "c3", JSON.stringify({ pid: 2, username: "ci", hostname: "runner" }));
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it("are the holders of that project's stack only", () => {
    expect(fileBackendLocks(folder, "shop", "production")).toEqual(["root@vm (pid 7840)"]);
    expect(fileBackendLocks(folder, "shop", "dev")).toEqual([]);
    expect(fileBackendLocks(join(folder, "nothing"), "shop", "production")).toEqual([]);
  });
});

describe("mytpe-links up on a locked stack", () => {
  let project: CliProject;
  beforeAll(async () => {
    project = await createCliProject();
    project.writeLinks(linksYaml(project.sandbox.instances.ready, { voucher: { title: "Voucher", amount_mode: "fixed", amount: 10, usage_mode: "reusable" } }));
  }, 5 * 60_000);
  afterAll(async () => project?.dispose());

  it(
    "stops before any API call, and says who holds the lock and what to do",
    async () => {
      // Another run's lock, as Pulumi writes it (pkg/backend/diy/lock.go); the project is mytpe-links.
      const locks = join(project.dir, ".pulumi", ".pulumi", "locks", "organization", "mytpe-links", "test");
      mkdirSync(locks, { recursive: true });
      writeFileSync(join(locks, "0f1e2d3c.json"), JSON.stringify({ pid: 4242, username: "colleague", hostname: "laptop", timestamp: "2026-12-03T10:00:00Z" }));
      try {
        const result = await project.cli(["up", "--stack", "test"]);
        expect(result.code).not.toBe(0);
        expect(result.stderr).toContain(
          "mytpe-links: the stack test is locked by another run (colleague@laptop (pid 4242)), so this run stopped before changing anything.",
        );
        expect(result.stderr).toContain("npx mytpe-links pulumi cancel --stack test --yes");
        expect(project.sandbox.requests).toEqual([]);
      } finally {
        rmSync(locks, { recursive: true, force: true });
      }
    },
    4 * 60_000,
  );

  it(
    "adds nothing when the run failed for another reason",
    async () => {
      const result = await project.cli(["up", "--stack", "test"], { env: { PULUMI_CONFIG_PASSPHRASE: "not-the-passphrase" } });
      expect(result.code).not.toBe(0);
      expect(result.stderr).not.toContain("mytpe-links: the stack");
      expect(result.stderr).not.toContain("pulumi cancel");
    },
    4 * 60_000,
  );
});
