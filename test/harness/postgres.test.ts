// The throw-away PostgreSQL of the team-setup tests is a real server run the way docs/team-setup.md
// describes: not as root, the Pulumi role let in by its password only, gone after stop().
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postgresBinDir } from "./postgres-install.ts";
import { startPostgres, type PostgresCluster } from "./postgres.ts";

describe("startPostgres", () => {
  let pg: PostgresCluster;
  const psql = (url: string) =>
    spawnSync(join(postgresBinDir()!, "psql"), ["-X", "-w", "-A", "-t", url, "-c", "SELECT current_user"], {
      encoding: "utf8",
      env: { PATH: process.env["PATH"] },
    });

  beforeAll(async () => {
    pg = await startPostgres();
  }, 5 * 60_000); // Installing PostgreSQL first, where it is missing (postgres-install.ts), takes about a minute.
  afterAll(async () => pg?.stop());

  it("runs the server as an unprivileged user", async () => {
    const dataDir = await pg.query("SHOW data_directory");
    const pid = readFileSync(join(dataDir, "postmaster.pid"), "utf8").split("\n")[0];
    const uid = /^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    expect(Number(uid)).not.toBe(0);
  });

  it("lets the pulumi role in over TCP with its password, and not without it", () => {
    expect(psql(pg.url.replace("?sslmode=disable", "")).stdout.trim()).toBe("pulumi");
    const withoutPassword = psql(pg.url.replace(`:${pg.password}@`, "@").replace("?sslmode=disable", "?sslmode=disable&connect_timeout=5"));
    expect(withoutPassword.status).not.toBe(0);
    expect(withoutPassword.stderr).toMatch(/password/);
  });

  it("gives the pulumi role a database of its own, where it can create Pulumi's table", () => {
    const created = spawnSync(join(postgresBinDir()!, "psql"), ["-X", pg.url, "-c", "CREATE TABLE probe (key text PRIMARY KEY); DROP TABLE probe"], {
      encoding: "utf8",
      env: { PATH: process.env["PATH"] },
    });
    expect(created.stderr).toBe("");
    expect(created.status).toBe(0);
  });

  it("stops the server and deletes its folder", async () => {
    const other = await startPostgres();
    const dataDir = await other.query("SHOW data_directory");
    await other.stop();
    expect(existsSync(dataDir)).toBe(false);
    expect(psql(other.url).status).not.toBe(0);
  }, 60_000);
});
