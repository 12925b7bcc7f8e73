// A Go program, end to end through the real CLI: the Go SDK generated from the plugin's schema by
// Pulumi's own Go generator (sdk-generators.ts), `go vet` clean, and a program on it
// (go-program/main.go) run through Pulumi's Automation API as an inline program — no Go language
// host — against the sandbox: it creates links, previews no change with no API call, changes a
// title in place, replaces a paid link whose price changes (with the warning) and destroys them.
// Go's modules come from the module proxy into Go's caches outside the repository, as the CLI's do.
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ensurePulumiCli, goBuild, type PulumiCli } from "../../src/cli/pulumi-cli.ts";
import { localBackendUrl } from "../../src/cli/pulumi-env.ts";
import { startSandbox, type Sandbox } from "../../src/sandbox/server.ts";
import { REPO } from "../harness/temp-project.ts";
import { generateSdk } from "./sdk-generators.ts";

const BUILD = 10 * 60_000;
const STEP = 3 * 60_000;
const SOURCE = join(REPO, "test", "sdk", "go-program");

interface GoProject {
  sandbox: Sandbox;
  /** Runs one operation of the program with the voucher declared so; its JSON answer. */
  run(operation: "up" | "preview" | "destroy", voucher: { title: string; amount: number }): Promise<ProgramResult>;
  writes(): (string | null)[];
  titled(title: string): ReturnType<Sandbox["links"]>;
  dispose(): Promise<void>;
}

interface ProgramResult {
  stdout: string;
  stderr: string;
  changes: Record<string, number>;
  outputs?: Record<string, unknown>;
}

describe("a Go program on the generated Go SDK, through the Automation API", () => {
  const module = mkdtempSync(join(tmpdir(), "mytpe-go-"));
  const program = join(module, "bin", "program");
  let cli: PulumiCli;
  let project: GoProject | undefined;
  const VOUCHER = { title: "Voucher", amount: 1000 };

  beforeAll(async () => {
    cli = await ensurePulumiCli();
    // The module: the generated SDK at go/mytpe, the program at program/ (go.mod names the SDK's import path).
    await generateSdk("go", join(module, "go"));
    mkdirSync(join(module, "program"));
    copyFileSync(join(SOURCE, "main.go"), join(module, "program", "main.go"));
    for (const file of ["go.mod", "go.sum"]) copyFileSync(join(SOURCE, file), join(module, file));
    const vet = spawnSync("go", ["vet", "./..."], { cwd: module, encoding: "utf8", env: { ...process.env, GOFLAGS: "-mod=readonly" } });
    expect(vet.status, `go vet:\n${vet.stderr}`).toBe(0);
    await goBuild(["-o", program, "./program"], "the Go program", (line) => process.stderr.write(`${line}\n`), module);
  }, BUILD);
  afterEach(async () => project?.dispose());
  afterAll(() => rmSync(module, { recursive: true, force: true }));

  /** A new stack of the program (its own project folder and backend) against a new sandbox. */
  async function goProject(): Promise<GoProject> {
    const sandbox = await startSandbox({ port: 0, log: () => {} });
    const dir = mkdtempSync(join(module, "project-"));
    mkdirSync(join(dir, "state"));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PATH: `${cli.binDir}:${process.env["PATH"] ?? ""}`,
      PULUMI_BACKEND_URL: localBackendUrl(join(dir, "state")),
      PULUMI_CONFIG_PASSPHRASE: "go-program-passphrase",
      PULUMI_HOME: join(dir, ".pulumi-home"),
      PULUMI_SKIP_UPDATE_CHECK: "true",
      MYTPE_API_URL: sandbox.url,
      MYTPE_API_KEY: sandbox.apiKey,
      MYTPE_API_SECRET: sandbox.apiSecret,
      MYTPE_PAY_URL: sandbox.payUrl,
      MYTPE_INSTANCE: sandbox.instances.ready,
      MYTPE_PLUGIN: join(REPO, "plugin"),
      WORK_DIR: dir,
    };
    const run = (operation: string, voucher: { title: string; amount: number }) =>
      new Promise<ProgramResult>((resolve, reject) => {
        const child = spawn(program, [operation], {
          env: { ...env, VOUCHER_TITLE: voucher.title, VOUCHER_AMOUNT: String(voucher.amount) },
          stdio: ["ignore", "pipe", "pipe"],
        });
        let stdout = "";
        let stderr = "";
        child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
        child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
        child.on("error", reject);
        child.on("close", (code) =>
          code === 0 ? resolve(JSON.parse(stdout) as ProgramResult) : reject(new Error(`program ${operation} exited ${code}\n${stdout}\n${stderr}`)),
        );
      });
    return {
      sandbox,
      run,
      writes: () => sandbox.requests.filter((request) => request.method !== "GET").map((request) => request.route),
      titled: (title) => sandbox.links().filter((link) => link.title.startsWith(title)),
      dispose: () => sandbox.close(),
    };
  }

  it(
    "creates its links and reports the voucher's URL",
    async () => {
      project = await goProject();
      const up = await project.run("up", VOUCHER);
      expect(up.changes).toEqual({ create: 3 });
      const [voucher] = project.titled("Voucher");
      expect(voucher).toMatchObject({
        status: "active",
        amount: "1000.00",
      });
      // Its resource, generation 1, and the state's owner id (the plugin's provider resource's id).
      expect(String(voucher?.metadata?.["_pulumi_link"])).toMatch(/^urn:pulumi:test::mytpe-go::mytpe:index:PaymentLink::voucher#1@[0-9a-f-]{36}$/);
      expect(project.titled("Donation")).toEqual([
        expect.objectContaining({ status: "active", max_uses: 20, metadata: expect.objectContaining({ campaign: "go" }) }),
      ]);
      expect(up.outputs).toMatchObject({ voucherUrl: `${project.sandbox.payUrl}/${voucher!.slug}`, donationPaidCount: 0 });
    },
    STEP,
  );

  it(
    "previews no change with no write, reading only its instance's listing",
    async () => {
      project = await goProject();
      await project.run("up", VOUCHER);
      project.sandbox.resetRequests();
      const preview = await project.run("preview", VOUCHER);
      expect(preview.changes).toEqual({ same: 3 });
      // Each link checked to be this state's, and for what a killed run may have left (README, "One link, one owner").
      expect(project.sandbox.requests.map((request) => request.route)).toEqual(["GET /instances/{id}", "GET /links"]);
    },
    STEP,
  );

  it(
    "changes the voucher's title in place",
    async () => {
      project = await goProject();
      await project.run("up", VOUCHER);
      const [before] = project.titled("Voucher");
      project.sandbox.resetRequests();
      const up = await project.run("up", { ...VOUCHER, title: "Voucher, renamed" });
      expect(up.changes).toEqual({ update: 1, same: 2 });
      expect(project.writes()).toEqual(["PUT /links/{id}"]);
      expect(project.titled("Voucher")).toEqual([expect.objectContaining({ id: before!.id, title: "Voucher, renamed", slug: before!.slug })]);
    },
    STEP,
  );

  it(
    "replaces the paid voucher whose price changes, warning that its URL stops accepting payments",
    async () => {
      project = await goProject();
      await project.run("up", VOUCHER);
      const [paid] = project.titled("Voucher");
      const { sandbox } = project;
      const payment = await fetch(`${sandbox.url}/sandbox/links/${paid!.id}/pay`, {
        method: "POST",
        headers: { "x-api-key": sandbox.apiKey, "x-api-secret": sandbox.apiSecret, "content-type": "application/json" },
        body: JSON.stringify({ payer: "customer@example.com" }),
      });
      expect(payment.status).toBe(201);

      const preview = await project.run("preview", { ...VOUCHER, amount: 1500 });
      expect(preview.changes).toEqual({ replace: 1, same: 2 });
      // The Automation API hands the engine's warnings on the program's stderr.
      expect(preview.stderr).toContain(
        `warning: payment link "Voucher" (${paid!.slug}) will be REPLACED: amount cannot change once the link has been paid (paid 1 time)`,
      );
      expect(preview.stderr).toContain(`its URL ${sandbox.payUrl}/${paid!.slug} stops accepting payments`);
      sandbox.resetRequests();
      const up = await project.run("up", { ...VOUCHER, amount: 1500 });
      expect(up.changes).toEqual({ replace: 1, same: 2 });
      expect(project.writes()).toEqual(["POST /links", "POST /links/{id}/publish", "POST /links/{id}/archive"]);
      expect(project.titled("Voucher").map((link) => [link.id === paid!.id, link.status, link.amount])).toEqual([
        [true, "archived", "1000.00"],
        [false, "active", "1500.00"],
      ]);
    },
    STEP,
  );

  it(
    "archives every link on destroy",
    async () => {
      project = await goProject();
      await project.run("up", VOUCHER);
      const destroy = await project.run("destroy", VOUCHER);
      expect(destroy.changes).toEqual({ delete: 3 });
      expect(project.sandbox.links().map((link) => link.status)).toEqual(["archived", "archived"]);
    },
    STEP,
  );
});
