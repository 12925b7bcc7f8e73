// Runs in the plugin process: the provider's config as a plugin receives it, read through the same
// ConfigReader the dynamic provider gets from its host (provider-settings.ts reads `mytpe:<name>`
// through it, then the MYTPE_* environment). A plugin is handed its package's stack config, decrypted and without the
// `mytpe:` prefix, as the PULUMI_CONFIG environment variable; an explicit `pulumi:providers:mytpe`
// resource's own values arrive in `configure`, and win. Pure functions.
import type { ConfigReader } from "../provider/provider-settings.ts";
import type { Props } from "../provider/provider-inputs.ts";
import { PACKAGE_NAME } from "./plugin-schema.ts";
import { revealed, secret } from "./plugin-values.ts";

/** The provider inputs that are credentials. */
const CREDENTIALS = ["apiKey", "apiSecret"] as const;

/** The package's stack config from PULUMI_CONFIG (`{"apiKey":"…"}`); empty when absent or unreadable. */
export function stackConfig(env: NodeJS.ProcessEnv): Record<string, string> {
  try {
    const parsed: unknown = JSON.parse(env["PULUMI_CONFIG"] ?? "{}");
    if (typeof parsed !== "object" || parsed === null) return {};
    return Object.fromEntries(Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
  } catch {
    return {};
  }
}

/** A provider resource's inputs (from `configure`) as config text: secrets unwrapped, numbers as text. */
export function providerValues(args: Props | undefined): Record<string, string> {
  const { plain } = revealed(args);
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(plain)) {
    if (key === "version") continue;
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") values[key] = String(value);
  }
  return values;
}

/** Reads `mytpe:<name>`: the provider resource's own value first, then the stack's. */
export function configReader(own: Record<string, string>, stack: Record<string, string>): ConfigReader {
  const prefix = `${PACKAGE_NAME}:`;
  return {
    get: (key) => {
      if (!key.startsWith(prefix)) return undefined;
      const name = key.slice(prefix.length);
      return own[name] ?? stack[name];
    },
  };
}

/** Whether a provider resource is the engine's default one for the package (`default`, `default_1_0_0`). */
export function isDefaultProvider(urn: string): boolean {
  return /::pulumi:providers:[^:]+::default(_[0-9_a-zA-Z-]*)?$/.test(urn);
}

/**
 * What state keeps of a provider resource's inputs (`checkConfig`). The default provider's
 * credentials come from the stack config on every run, as the dynamic provider's do, so state
 * keeps none of them; an explicit provider's own credentials are needed to refresh and destroy
 * its links later, so they are kept, always as secrets (encrypted in state, never shown).
 */
export function checkedProviderInputs(urn: string, news: Props): Props {
  const inputs: Props = { ...news };
  for (const key of CREDENTIALS) {
    if (inputs[key] === undefined) continue;
    if (isDefaultProvider(urn)) delete inputs[key];
    else inputs[key] = secret(inputs[key]);
  }
  return inputs;
}
