// What Pulumi writes and runs: the exported state holds no credential, and the provider text
// serialized into it is small and runs in a plain `node` process (no tsx loader), as the
// dynamic-provider host runs it.
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STATE_VERSION } from "../../src/provider/protocol.ts";
import { packageVersion } from "../../src/provider/state-version.ts";
import { createE2eProject, linksYaml, type E2eProject, type StateResource } from "../harness/temp-project.ts";

/** Bytes of `__provider` text per resource; it is stored twice per link (inputs and outputs). */
const SERIALIZED_PROVIDER_BUDGET = 300;
/** Another secret of the stack's config, one that nothing of mytpe-links reads. */
const UNREAD_SECRET = `shop-webhook-${randomUUID()}`;

const occurrences = (text: string, part: string) => text.split(part).length - 1;

describe("state written by pulumi up with credentials in secret stack config", () => {
  let project: E2eProject;
  let resources: StateResource[];
  let exported: string;
  let upOutput: string;

  beforeAll(async () => {
    project = await createE2eProject({ secretsInConfig: true });
    await project.run(["config", "set", "--secret", "shop:webhookSecret", UNREAD_SECRET]);
    project.writeLinks(
      linksYaml(project.sandbox.instances.ready, {
        "secret-check": { title: "Secret check", amount_mode: "fixed", amount: 1500, usage_mode: "reusable" },
      }),
    );
    const up = await project.run(["up", "--yes"]);
    upOutput = up.stdout + up.stderr;
    const state = await project.exportStack();
    exported = JSON.stringify(state);
    resources = state.deployment.resources;
  }, 20 * 60_000);
  afterAll(async () => project?.dispose());

  it("reached the sandbox with the credentials from stack config", () => {
    expect(project.sandbox.links().map((link) => link.status)).toEqual(["active"]);
  });

  it("never holds the API secret or key in clear, anywhere in the exported stack", () => {
    expect(exported).not.toContain(project.sandbox.apiSecret);
    expect(exported).not.toContain(project.sandbox.apiKey);
  });

  it("never prints the API secret in the output of pulumi up", () => {
    expect(upOutput).not.toContain(project.sandbox.apiSecret);
  });

  it("shows the credentials in the most verbose engine logs no more than a config secret nothing reads", async () => {
    // At -v=9 the engine traces the provider's configuration before it hides config secrets from
    // its logs (README, "Credentials"): any secret of the stack config can show there, whatever
    // the provider does. A secret nothing of ours reads shows that echo; the credentials may show
    // where it does, and nowhere else. (With the credentials in the environment they show nowhere:
    // the last test of this file.)
    const verbose = await project.run(["preview", "--refresh", "-v=9", "--logtostderr"]);
    const logs = verbose.stdout + verbose.stderr;
    expect(logs, "the logs trace what the provider is given").toContain("Secret check");
    expect(occurrences(logs, project.sandbox.apiSecret)).toBeLessThanOrEqual(occurrences(logs, UNREAD_SECRET));
    expect(occurrences(logs, project.sandbox.apiKey)).toBeLessThanOrEqual(occurrences(logs, UNREAD_SECRET));
  }, 120_000);

  it("never puts the API secret in stack outputs", async () => {
    const outputs = await project.run(["stack", "output", "--json", "--show-secrets"]);
    expect(outputs.stdout).toContain("secret-check");
    expect(outputs.stdout).not.toContain(project.sandbox.apiSecret);
  }, 60_000);

  it("stores a serialized provider under the size budget", () => {
    const link = resources.find((resource) => resource.type === "pulumi-nodejs:dynamic/mytpe:PaymentLink");
    const text = String(link?.outputs?.["__provider"] ?? "");
    expect(text.length).toBeGreaterThan(0);
    expect(text.length).toBeLessThan(SERIALIZED_PROVIDER_BUDGET);
  });

  it("stores a provider text that names the package and its protocol version: no path, no search", () => {
    const link = resources.find((resource) => resource.type === "pulumi-nodejs:dynamic/mytpe:PaymentLink");
    for (const text of [link?.inputs?.["__provider"], link?.outputs?.["__provider"]]) {
      expect(text).toBe('exports.handler=()=>require("mytpe-links/provider/v1").handler()');
      expect(String(text).replace("mytpe-links/provider/v1", "")).not.toMatch(/cwd|path|fs|while|for\s*\(|\.c?js|\//);
    }
  });

  it("records no stack trace for links declared in YAML", () => {
    // See program/without-stack-traces.ts: the frames would point into the SDK, not at the YAML.
    const link = resources.find((resource) => resource.type === "pulumi-nodejs:dynamic/mytpe:PaymentLink");
    expect(link).toBeDefined();
    expect((link as unknown as Record<string, unknown>)["stackTrace"] ?? []).toEqual([]);
  });

  it("keeps a link's exported state under 3 KB", () => {
    // What `pulumi stack export` prints for one link (4-space indentation), against the 3 KB budget.
    const link = resources.find((resource) => resource.type === "pulumi-nodejs:dynamic/mytpe:PaymentLink");
    expect(JSON.stringify(link, null, 4).length).toBeLessThan(3 * 1024);
  });

  it("runs the serialized provider in a plain node process, as the provider host does", async () => {
    const link = resources.find((resource) => resource.type === "pulumi-nodejs:dynamic/mytpe:PaymentLink");
    const text = String(link?.outputs?.["__provider"]);
    const script = join(project.dir, "load-provider.cjs");
    writeFileSync(
      script,
      `const Module = require("node:module");
const m = new Module("provider.js");
m.paths = Module._nodeModulePaths(process.cwd());
m._compile(${JSON.stringify(text)}, "provider.js");
const provider = m.exports.handler();
(async () => {
  await provider.configure({ config: { get: () => undefined } });
  const result = await provider.check({}, {
    payment_instance_id: "${project.sandbox.instances.ready}",
    title: "Plain node", amount_mode: "fixed", amount: 10, usage_mode: "reusable",
  });
  process.stdout.write(JSON.stringify(result));
})().catch((e) => { process.stderr.write(String(e && e.stack || e)); process.exit(1); });
`,
    );
    const { code, stdout, stderr } = await runNode(script, project.dir);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      inputs: {
        payment_instance_id: project.sandbox.instances.ready,
        title: "Plain node",
        amount_mode: "fixed",
        amount: "10.00",
        currency: "DZD",
        usage_mode: "reusable",
        status: "active",
        state_version: STATE_VERSION,
        written_by: packageVersion(),
      },
      failures: [],
    });
  }, 60_000);
});

function runNode(script: string, cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    // Plain node: no --import tsx, as the engine starts the dynamic-provider host.
    const child = spawn(process.execPath, [script], { cwd, stdio: ["ignore", "pipe", "pipe"], env: { PATH: process.env["PATH"] ?? "" } });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

describe("verbose engine logs with the credentials in the environment", () => {
  let project: E2eProject;

  beforeAll(async () => {
    project = await createE2eProject();
    project.writeLinks(
      linksYaml(project.sandbox.instances.ready, {
        "verbose-check": { title: "Verbose check", amount_mode: "fixed", amount: 1500, usage_mode: "reusable" },
      }),
    );
  }, 20 * 60_000);
  afterAll(async () => project?.dispose());

  it("never show the API secret or key, through up, refresh, preview and destroy at -v=9", async () => {
    let logs = "";
    for (const args of [
      ["up", "--yes"],
      ["refresh", "--yes"],
      ["preview", "--refresh"],
      ["destroy", "--yes"],
    ]) {
      const result = await project.run([...args, "-v=9", "--logtostderr"]);
      logs += result.stdout + result.stderr;
    }
    expect(logs, "the logs trace what the provider is given").toContain("Verbose check");
    expect(project.sandbox.links().map((link) => link.status)).toEqual(["archived"]);
    expect(logs).not.toContain(project.sandbox.apiSecret);
    expect(logs).not.toContain(project.sandbox.apiKey);
  }, 180_000);
});
