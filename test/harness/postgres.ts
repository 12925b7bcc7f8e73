// A throw-away PostgreSQL cluster for the tests and scripts that need a shared Pulumi backend
// (issue #15): `initdb` + `pg_ctl` from the Debian package (installed by the tests where it is
// missing and they can: postgres-install.ts), run as an unprivileged user (initdb
// refuses root), in a temp folder, listening on a free loopback port (and a socket in that
// folder only), stopped and removed by stop() — or when this process exits, whatever happens.
// A real server, no mock: Pulumi's PostgreSQL backend is what is under test. The database is set
// up as docs/team-setup.md says: a login role with a password (scram-sha-256 over TCP) owning
// a database of its own, in which Pulumi creates its table.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensurePostgres } from "./postgres-install.ts";

const SUPERUSER = "postgres";

export interface PostgresCluster {
  /** The database as a PULUMI_BACKEND_URL: `postgres://pulumi:<password>@127.0.0.1:<port>/pulumi?sslmode=disable`. */
  url: string;
  port: number;
  database: string;
  /** The role's password (in `url`): a secret a team keeps in its CI secret store. */
  password: string;
  /** Runs SQL as the superuser, through psql on the socket; resolves with its output, unaligned and without headers. */
  query(sql: string): Promise<string>;
  /** Stops the server at once and deletes its folder. */
  stop(): Promise<void>;
}

export async function startPostgres(): Promise<PostgresCluster> {
  const bin = await ensurePostgres();
  const database = "pulumi";
  const password = randomBytes(12).toString("hex");
  const owner = unprivilegedUser();
  const dir = mkdtempSync(join(tmpdir(), "mytpe-pg-"));
  if (owner) chownSync(dir, owner.uid, owner.gid);
  const data = join(dir, "data");
  const asOwner = owner ? { uid: owner.uid, gid: owner.gid } : {};
  // The server's own environment: nothing of ours (PGHOST, PGPORT...) leaks into it.
  const env = { PATH: process.env["PATH"] ?? "/usr/bin:/bin", LC_ALL: "C" };

  // The cluster lives in /tmp: gone with the folder, whatever happens to this process.
  const cleanup = () => {
    spawnSync(join(bin, "pg_ctl"), ["stop", "-D", data, "-m", "immediate"], { ...asOwner, env, stdio: "ignore" });
    rmSync(dir, { recursive: true, force: true });
  };
  process.on("exit", cleanup);
  try {
    // The superuser through the cluster's own socket only (in a folder only its owner and root can
    // enter); everyone else by password over TCP. --no-sync: the cluster is never reused.
    const auth = ["--auth-local=trust", "--auth-host=scram-sha-256"];
    await run(join(bin, "initdb"), ["-D", data, "-U", SUPERUSER, ...auth, "--no-locale", "--encoding=UTF8", "--no-sync"], { ...asOwner, env });
    let port = 0;
    // Another process may take the free port between our probe and the server's bind: try again.
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      const server = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`;
      const started = await run(
        join(bin, "pg_ctl"),
        ["start", "-w", "-t", "60", "-D", data, "-l", join(dir, "server.log"), "-o", server],
        { ...asOwner, env },
        false,
      );
      if (started.code === 0) break;
      const log = existsSync(join(dir, "server.log")) ? readFileSync(join(dir, "server.log"), "utf8") : "";
      if (attempt >= 3 || !/could not bind|already in use/i.test(log)) throw new Error(`pg_ctl start failed:\n${started.output}\n${log}`);
    }
    const psql = (db: string, sql: string) =>
      run(join(bin, "psql"), ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", dir, "-p", String(port), "-U", SUPERUSER, "-d", db, "-c", sql], { env });
    // docs/team-setup.md, step 2.
    await psql("postgres", `CREATE ROLE pulumi LOGIN PASSWORD '${password}'`);
    await psql("postgres", `CREATE DATABASE ${database} OWNER pulumi`);
    return {
      url: `postgres://pulumi:${password}@127.0.0.1:${port}/${database}?sslmode=disable`,
      port,
      database,
      password,
      query: async (sql) => (await psql(database, sql)).output.trimEnd(),
      async stop() {
        process.off("exit", cleanup);
        cleanup();
      },
    };
  } catch (error) {
    process.off("exit", cleanup);
    cleanup();
    throw error;
  }
}

/** Who runs the server when we are root: the package's `postgres` user, else `nobody`. */
function unprivilegedUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  for (const name of ["postgres", "nobody"]) {
    const uid = spawnSync("id", ["-u", name], { encoding: "utf8" });
    const gid = spawnSync("id", ["-g", name], { encoding: "utf8" });
    if (uid.status === 0 && gid.status === 0) return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  }
  throw new Error("running as root and neither a `postgres` nor a `nobody` user exists to run PostgreSQL (initdb refuses root)");
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Runs a command to its end without blocking the event loop (the tests' sandbox answers from it). */
function run(
  command: string,
  args: string[],
  options: { uid?: number; gid?: number; env: NodeJS.ProcessEnv },
  throwOnError = true,
): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    // libuv drops root's supplementary groups when uid/gid are given.
    const child = spawn(command, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0 && throwOnError) reject(new Error(`${command} ${args.join(" ")} exited ${code}:\n${stderr}${stdout}`));
      else resolve({ code: code ?? 1, output: code === 0 ? stdout : `${stderr}${stdout}` });
    });
  });
}
