// `npm run demo`: the main job. Ensures the CLI, starts (or reuses) the sandbox, selects or
// creates the `local` stack, runs `pulumi up --yes` on links/ and prints the links' URLs and the
// API calls the run made. A second run changes nothing and makes no write call.
import { spawnSync } from "node:child_process";
import { LOCAL_STACK, PROJECT_ROOT, pulumiEnv } from "./pulumi-env.ts";

const log = (line: string) => process.stderr.write(`${line}\n`);
const { cli, env, sandbox } = await pulumiEnv(["--stack", LOCAL_STACK], log);
if (!sandbox) throw new Error("the local stack has no sandbox");

const pulumi = (args: string[], capture = false) => {
  const result = spawnSync(cli.pulumi, args, {
    cwd: PROJECT_ROOT,
    env,
    encoding: "utf8",
    stdio: capture ? ["ignore", "pipe", "pipe"] : "inherit",
  });
  return result;
};

const select = pulumi(["stack", "select", LOCAL_STACK, "--create", "--non-interactive"], true);
if (select.status !== 0) {
  log(select.stderr);
  process.exit(select.status ?? 1);
}

const before = await stats();
const up = pulumi(["up", "--yes", "--non-interactive", "--stack", LOCAL_STACK]);
if (up.status !== 0) process.exit(up.status ?? 1);
const after = await stats();

const output = pulumi(["stack", "output", "linkUrls", "--json", "--stack", LOCAL_STACK], true);
const urls = JSON.parse(output.stdout || "{}") as Record<string, string>;
process.stdout.write("\nPayment links:\n");
for (const [name, url] of Object.entries(urls)) process.stdout.write(`  ${name.padEnd(24)} ${url}\n`);
const writes = after.writes - before.writes;
// Less the `before` stats request itself, which the `after` count includes.
const reads = after.reads - before.reads - 1;
process.stdout.write(`\nAPI calls during this run: ${reads} read${reads === 1 ? "" : "s"}, ${writes} write${writes === 1 ? "" : "s"}\n`);

async function stats(): Promise<{ reads: number; writes: number }> {
  const response = await fetch(`${sandbox!.url}/sandbox/stats`, {
    headers: { "x-api-key": sandbox!.api_key, "x-api-secret": sandbox!.api_secret },
  });
  const body = (await response.json()) as { data?: { by_method?: Record<string, number> } } & Record<string, unknown>;
  const byMethod = body.data?.by_method ?? {};
  const writes = Object.entries(byMethod).reduce((sum, [method, n]) => (method === "GET" ? sum : sum + n), 0);
  return { reads: byMethod["GET"] ?? 0, writes };
}
