// An existing TypeScript Pulumi program, as `pulumi new typescript` makes it (package.json with
// @pulumi/pulumi and a typescript devDependency, a CommonJS tsconfig.json with
// `moduleResolution: node`, index.ts run by Pulumi's own ts-node, which type-checks it), that
// installs the packed mytpe-links and talks to a sandbox in this process. Each test works on a
// stack of its own, so tests share the install but not their links.
import type { Link } from "../../src/sandbox/link.ts";
import { startSandbox, type Sandbox } from "../../src/sandbox/server.ts";
import { PAYMENT_LINK_TYPE } from "../../src/provider/protocol.ts";
import { consumerPackageJson, createConsumer, NPM_INSTALL_FLAGS, REPO_PACKAGE, type CommandResult, type Consumer } from "./consumer-project.ts";

/** `pulumi new typescript`'s tsconfig.json, as it comes: strict, CommonJS, node resolution, no skipLibCheck. */
export const PULUMI_NEW_TSCONFIG = {
  compilerOptions: {
    strict: true,
    outDir: "bin",
    target: "es2020",
    module: "commonjs",
    moduleResolution: "node",
    sourceMap: true,
    experimentalDecorators: true,
    pretty: true,
    noFallthroughCasesInSwitch: true,
    noImplicitReturns: true,
    forceConsistentCasingInFileNames: true,
  },
  files: ["index.ts"],
};

export interface StateResource {
  urn: string;
  type: string;
  id?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

export interface TypeScriptProject extends Consumer {
  sandbox: Sandbox;
  /** Creates a stack with the given config (plain values, `key` in the project's namespace unless it has one). */
  initStack(stack: string, config?: Record<string, string>): Promise<void>;
  setConfig(stack: string, key: string, value: string): Promise<void>;
  /** `pulumi up --yes --skip-preview` on the stack. */
  up(stack: string): Promise<CommandResult>;
  outputs(stack: string): Promise<Record<string, unknown>>;
  /** The PaymentLinks in the stack's exported state. */
  links(stack: string): Promise<StateResource[]>;
  /** The sandbox's link of that id, as the API holds it. */
  live(id: string): Link;
  /** A customer pays the link through the sandbox's pay endpoint. */
  pay(id: string): Promise<void>;
  /** The trader pauses the link in the dashboard (drift). */
  pause(id: string): Promise<void>;
}

export async function createTypeScriptProject(name: string, indexTs: string): Promise<TypeScriptProject> {
  const consumer = await createConsumer(name);
  const sandbox = await startSandbox({ port: 0, log: () => {} });
  consumer.write(
    "package.json",
    consumerPackageJson(name, consumer.tarball, {
      main: "index.ts",
      devDependencies: { "@types/node": REPO_PACKAGE.devDependencies["@types/node"], typescript: REPO_PACKAGE.devDependencies["typescript"] },
    }),
  );
  consumer.write("tsconfig.json", `${JSON.stringify(PULUMI_NEW_TSCONFIG, null, 4)}\n`);
  consumer.write(
    "Pulumi.yaml",
    [`name: ${name}`, "description: An existing TypeScript Pulumi program", "runtime:", "  name: nodejs", "  options:", "    packagemanager: npm", ""].join(
      "\n",
    ),
  );
  consumer.write("index.ts", indexTs);
  await consumer.run("npm", ["install", ...NPM_INSTALL_FLAGS]);

  // The API's address and keys reach the provider through the environment, as in CI.
  Object.assign(consumer.env, {
    MYTPE_API_URL: sandbox.url,
    MYTPE_PAY_URL: sandbox.payUrl,
    MYTPE_API_KEY: sandbox.apiKey,
    MYTPE_API_SECRET: sandbox.apiSecret,
  });
  const call = async (path: string, body: Record<string, unknown> = {}) => {
    const response = await fetch(`${sandbox.url}${path}`, {
      method: "POST",
      headers: { "x-api-key": sandbox.apiKey, "x-api-secret": sandbox.apiSecret, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`POST ${path}: ${response.status} ${await response.text()}`);
  };
  const project: TypeScriptProject = {
    ...consumer,
    sandbox,
    async initStack(stack, config = {}) {
      await consumer.pulumi(["stack", "init", stack]);
      for (const [key, value] of Object.entries(config)) await project.setConfig(stack, key, value);
    },
    async setConfig(stack, key, value) {
      await consumer.pulumi(["config", "set", "--stack", stack, key, value]);
    },
    up: (stack) => consumer.pulumi(["up", "--yes", "--skip-preview", "--stack", stack]),
    async outputs(stack) {
      return JSON.parse((await consumer.pulumi(["stack", "output", "--json", "--stack", stack])).stdout) as Record<string, unknown>;
    },
    async links(stack) {
      const exported = JSON.parse((await consumer.pulumi(["stack", "export", "--stack", stack])).stdout) as {
        deployment: { resources?: StateResource[] };
      };
      return (exported.deployment.resources ?? []).filter((resource) => resource.type === PAYMENT_LINK_TYPE);
    },
    live(id) {
      const link = sandbox.links().find((candidate) => candidate.id === id);
      if (!link) throw new Error(`the sandbox has no link ${id}`);
      return link;
    },
    pay: (id) => call(`/sandbox/links/${id}/pay`, { payer: "customer@example.com" }),
    pause: (id) => call(`/links/${id}/pause`),
    async dispose() {
      await sandbox.close();
      await consumer.dispose();
    },
  };
  return project;
}

/** The one PaymentLink called `name` among `links`. */
export function linkNamed(links: readonly StateResource[], name: string): StateResource & { id: string } {
  const found = links.filter((link) => link.urn.endsWith(`::${name}`));
  if (found.length !== 1 || !found[0]?.id) throw new Error(`expected one link ${name} in state, found ${found.length}`);
  return found[0] as StateResource & { id: string };
}
