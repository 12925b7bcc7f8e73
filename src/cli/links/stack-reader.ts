// Reads a stack through the project's Pulumi CLI and environment (pulumi-env.ts), so it works for
// any backend: its links from `pulumi stack export`, its config from `pulumi config --json` — the
// link sources (`mytpe:links`, else links/) and where the API is, as the provider reads them.
import { spawn } from "node:child_process";
import { DEFAULT_LINK_SOURCES, linkSourcesSetting } from "../../program/link-sources.ts";
import { resolveSettings, type ProviderSettings } from "../../provider/provider-settings.ts";
import type { PulumiCli } from "../pulumi-cli.ts";
import { stackLinksOf, type StackLink } from "./stack-links.ts";

/** How to run Pulumi for the project. */
export interface PulumiContext {
  cli: PulumiCli;
  root: string;
  env: NodeJS.ProcessEnv;
  stack: string;
}

/** A stack's config as `pulumi config --json` prints it: secrets have a value only when shown. */
export type StackConfig = Record<string, { value?: string; secret?: boolean }>;

/** The settings the provider reads that may be secrets. */
const API_KEYS = ["mytpe:apiUrl", "mytpe:apiKey", "mytpe:apiSecret", "mytpe:payUrl"] as const;

/** The stack's links as its state holds them. */
export async function readStackLinks(pulumi: PulumiContext): Promise<StackLink[]> {
  const stdout = await pulumiOutput(pulumi, ["stack", "export", "--stack", pulumi.stack]);
  return stackLinksOf(JSON.parse(stdout || "{}"));
}

/** The stack's config, without secrets' values (no passphrase needed). */
export async function readStackConfig(pulumi: PulumiContext, options: { showSecrets?: boolean } = {}): Promise<StackConfig> {
  const args = ["config", "--json", "--stack", pulumi.stack, ...(options.showSecrets ? ["--show-secrets"] : [])];
  return JSON.parse((await pulumiOutput(pulumi, args)) || "{}") as StackConfig;
}

/** The YAML sources of the stack, as the program reads them: `mytpe:links`, else links/. */
export function linkSourcesOf(config: StackConfig): string[] {
  return linkSourcesSetting(config["mytpe:links"]?.value) ?? DEFAULT_LINK_SOURCES;
}

/**
 * Where the API is and as whom, as the provider resolves it (provider-settings.ts): stack config
 * first, then MYTPE_API_* in `env`. Secret settings are decrypted only when the stack has some,
 * which needs its passphrase (PULUMI_CONFIG_PASSPHRASE or _FILE), as `pulumi up` does.
 */
export async function apiSettingsOf(pulumi: PulumiContext, config: StackConfig): Promise<ProviderSettings> {
  let values = config;
  const secrets = API_KEYS.filter((key) => config[key]?.secret === true);
  if (secrets.length > 0) {
    try {
      values = await readStackConfig(pulumi, { showSecrets: true });
    } catch (error) {
      throw new Error(`cannot read the secret ${secrets.join(" and ")} of stack ${pulumi.stack}: ${(error as Error).message}`);
    }
  }
  return resolveSettings({ get: (key) => values[key]?.value }, pulumi.env);
}

/** Runs `pulumi <args>` in the project; its stdout, or an error with Pulumi's own message. */
export function pulumiOutput(pulumi: PulumiContext, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(pulumi.cli.pulumi, [...args, "--non-interactive"], { cwd: pulumi.root, env: pulumi.env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) return resolve(stdout);
      // Pulumi's message as it is, whatever its wording; a missing stack never gets here, the
      // command made it exist first (command-stack.ts).
      const message = stderr.trim();
      reject(new Error((message.startsWith("error: ") ? message.slice("error: ".length) : message) || `pulumi ${args.join(" ")} exited with code ${code}`));
    });
  });
}
