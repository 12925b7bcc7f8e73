// What the package needs at run time, from a production install of the tarball (`npm install
// --omit=dev`) in a plain JavaScript Pulumi project outside the repository: its dependencies and
// the Pulumi SDK, nothing else — no devDependency, no esbuild, tsx or TypeScript loader, and no
// code built into node_modules while Pulumi runs the program and the provider.
import { existsSync, readdirSync, readFileSync, realpathSync, rmSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { linksYaml, REPO } from "../harness/temp-project.ts";
import { startSandbox, type Sandbox } from "../../src/sandbox/server.ts";
import { consumerPackageJson, createConsumer, NPM_INSTALL_FLAGS, REPO_PACKAGE, type Consumer } from "./consumer-project.ts";
import { stepTimeout } from "../harness/step-timeout.ts";

const INSTALL = 5 * 60_000;
const STEP = stepTimeout(18_000);
const LOADERS = ["esbuild", "@esbuild", "tsx", "typescript", "ts-node"];

describe("a production install of the tarball (npm install --omit=dev)", () => {
  let project: Consumer;
  let sandbox: Sandbox;
  const upStack = async (stack: string) => {
    project.write(
      `links/${stack}.yaml`,
      linksYaml(sandbox.instances.ready, { [`${stack}-voucher`]: { title: `Voucher ${stack}`, amount_mode: "fixed", amount: 1000, usage_mode: "reusable" } }),
    );
    await project.pulumi(["stack", "init", stack]);
    await project.pulumi(["config", "set", "--stack", stack, "mytpe:links", `links/${stack}.yaml`]);
    await project.pulumi(["up", "--yes", "--skip-preview", "--stack", stack]);
    return sandbox.links().filter((link) => link.title === `Voucher ${stack}`);
  };

  beforeAll(async () => {
    project = await createConsumer("runtime");
    sandbox = await startSandbox({ port: 0, log: () => {} });
    Object.assign(project.env, {
      MYTPE_API_URL: sandbox.url,
      MYTPE_PAY_URL: sandbox.payUrl,
      MYTPE_API_KEY: sandbox.apiKey,
      MYTPE_API_SECRET: sandbox.apiSecret,
    });
    project.write("package.json", consumerPackageJson("runtime", project.tarball, { type: "module" }));
    project.write("Pulumi.yaml", ["name: runtime", "runtime:", "  name: nodejs", "  options:", "    typescript: false", "main: index.js", ""].join("\n"));
    project.write("index.js", 'import { declareLinks } from "mytpe-links";\nexport const linkUrls = declareLinks().urls;\n');
    await project.run("npm", ["install", "--omit=dev", ...NPM_INSTALL_FLAGS]);
  }, INSTALL);
  afterAll(async () => {
    await sandbox?.close();
    await project?.dispose();
  });

  it(
    "installs none of the package's devDependencies, and up provisions the links with what it installed",
    async () => {
      // A devDependency may still be installed as a dependency of a run-time package (pngjs of qrcode, @types/node of the SDK).
      const needed = runtimeClosure(join(project.dir, "node_modules"), ["mytpe-links", "@pulumi/pulumi"]);
      const devOnly = Object.keys(REPO_PACKAGE.devDependencies).filter((name) => !needed.has(name));
      expect(devOnly).toEqual(expect.arrayContaining(["tsx", "typescript", "vitest"]));
      // A copy unpacked from the tarball, not a link into the repository.
      const installed = join(project.dir, "node_modules", "mytpe-links");
      expect(realpathSync(installed)).toBe(join(realpathSync(project.dir), "node_modules", "mytpe-links"));
      expect(realpathSync(project.dir).startsWith(`${REPO}/`)).toBe(false);
      expect(devOnly.filter((name) => existsSync(join(project.dir, "node_modules", name)))).toEqual([]);

      const links = await upStack("production");
      expect(links.map((link) => link.status)).toEqual(["active"]);
      const check = await project.exec("npx", ["--no-install", "mytpe-links", "check", "links"]);
      expect(check.code, check.stdout + check.stderr).toBe(0);
    },
    STEP,
  );

  it(
    "is required from CommonJS (a TypeScript program compiled to CommonJS does so) without any warning",
    async () => {
      project.write("probe.cjs", 'const { PaymentLink, declareLinks } = require("mytpe-links");\nconsole.log(typeof PaymentLink, typeof declareLinks);\n');
      const probe = await project.run("node", ["probe.cjs"]);
      expect(probe.stdout).toBe("function function\n");
      expect(probe.stderr).toBe("");
    },
    STEP,
  );

  it(
    "loads every entry point of its exports map, by import and by require, and runs its bin",
    async () => {
      const manifest = JSON.parse(project.read("node_modules/mytpe-links/package.json")) as { name: string; exports: Record<string, unknown> };
      const entries = Object.keys(manifest.exports).map((key) => (key === "." ? manifest.name : `${manifest.name}/${key.slice(2)}`));
      expect(entries).toContain("mytpe-links/provider/v1");
      // @pulumi/policy (an optional peer) not installed: the policy entry uses only its types.
      expect(existsSync(join(project.dir, "node_modules", "@pulumi", "policy"))).toBe(false);
      const loaded = await loadEntries(project, entries);
      expect(loaded).toEqual(Object.fromEntries(entries.map((entry) => [entry, { import: "loaded", require: "loaded" }])));

      const help = await project.run("npx", ["--no-install", "mytpe-links", "--help"]);
      expect(help.stdout).toMatch(/^usage: mytpe-links <command>/);
    },
    STEP,
  );

  it(
    "runs up with esbuild, tsx and TypeScript absent from node_modules, and writes nothing into node_modules",
    async () => {
      for (const loader of LOADERS) rmSync(join(project.dir, "node_modules", loader), { recursive: true, force: true });
      const before = snapshot(join(project.dir, "node_modules"));

      const links = await upStack("no-loader");

      expect(links.map((link) => link.status)).toEqual(["active"]);
      expect(LOADERS.filter((loader) => existsSync(join(project.dir, "node_modules", loader)))).toEqual([]);
      expect(snapshot(join(project.dir, "node_modules"))).toEqual(before);
    },
    STEP,
  );
});

/** For each entry: "loaded" when `import()` and `require()` of it (from files of the project) give a module with exports, else the error. */
async function loadEntries(project: Consumer, entries: readonly string[]): Promise<Record<string, { import: string; require: string }>> {
  const outcome = '(module) => Object.keys(module).length > 0 ? "loaded" : "no exports"';
  const failed = '(error) => String(error.message).split("\\n")[0]';
  const list = JSON.stringify(entries);
  project.write(
    "entries.mjs",
    `const out = {};\nfor (const entry of ${list}) out[entry] = await import(entry, entry.endsWith(".json") ? { with: { type: "json" } } : undefined).then(${outcome}, ${failed});\nconsole.log(JSON.stringify(out));\n`,
  );
  project.write(
    "entries.cjs",
    `const out = {};\nfor (const entry of ${list}) { try { out[entry] = (${outcome})(require(entry)); } catch (error) { out[entry] = (${failed})(error); } }\nconsole.log(JSON.stringify(out));\n`,
  );
  const imported = JSON.parse((await project.run("node", ["entries.mjs"])).stdout) as Record<string, string>;
  const required = JSON.parse((await project.run("node", ["entries.cjs"])).stdout) as Record<string, string>;
  return Object.fromEntries(entries.map((entry) => [entry, { import: imported[entry]!, require: required[entry]! }]));
}

/** The installed packages that `roots` depend on, directly or not (their dependencies and peers, npm's flat layout). */
function runtimeClosure(nodeModules: string, roots: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const visit = (name: string) => {
    const manifest = join(nodeModules, name, "package.json");
    if (seen.has(name) || !existsSync(manifest)) return;
    seen.add(name);
    const { dependencies = {}, peerDependencies = {} } = JSON.parse(readFileSync(manifest, "utf8")) as Record<string, Record<string, string> | undefined>;
    for (const dependency of [...Object.keys(dependencies), ...Object.keys(peerDependencies)]) visit(dependency);
  };
  for (const root of roots) visit(root);
  return seen;
}

/** Every file under `dir` with its size and modification time. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else {
        const stat = statSync(path, { throwIfNoEntry: false });
        if (stat) files[relative(dir, path)] = `${stat.size} ${stat.mtimeMs}`;
      }
    }
  };
  walk(dir);
  return files;
}
