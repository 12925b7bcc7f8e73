// Runs inside the Pulumi provider host: the provider's configuration, read in this one place —
// where the API is and who we are (resolved at call time from stack config, received by
// `configure` with secrets decrypted there, or from the environment), the stack-wide defaults of
// the per-link settings, and how many requests may be in flight. Nothing here is ever captured
// into the stored provider or written to state.
import type { ApiConfig } from "./api-client.ts";
import { OnPricingChange, OnTerminal } from "../link/link-spec.ts";

/** The documented production endpoints (the docs spell the host with three p's). */
export const DEFAULT_API_URL = "https://api.mytpe.appp/api/ext";
export const DEFAULT_PAY_URL = "https://pay.mytpe.appp";

/** Reads stack config the way the dynamic-provider host hands it to `configure`. */
export interface ConfigReader {
  get(key: string): string | undefined;
}

export interface ProviderSettings extends ApiConfig {
  /** Base of the public payment page: the link URL is `${payUrl}/${slug}`. */
  payUrl: string;
}

const KEYS = {
  apiUrl: { config: "mytpe:apiUrl", env: "MYTPE_API_URL" },
  maxConcurrency: { config: "mytpe:maxConcurrency", env: "MYTPE_MAX_CONCURRENCY" },
  apiKey: { config: "mytpe:apiKey", env: "MYTPE_API_KEY" },
  apiSecret: { config: "mytpe:apiSecret", env: "MYTPE_API_SECRET" },
  payUrl: { config: "mytpe:payUrl", env: "MYTPE_PAY_URL" },
} as const;

/**
 * Stack config first, then the environment. Throws a message that says how to fix a missing
 * credential; refuses plain HTTP to anything but loopback so credentials never cross a network
 * in clear.
 */
export function resolveSettings(config: ConfigReader | undefined, env: NodeJS.ProcessEnv): ProviderSettings {
  const pick = (key: Exclude<keyof typeof KEYS, "maxConcurrency">): string | undefined => {
    const fromConfig = safeGet(config, KEYS[key].config);
    const fromEnv = env[KEYS[key].env];
    if (fromConfig !== undefined && fromConfig !== "") return fromConfig;
    return fromEnv === undefined || fromEnv === "" ? undefined : fromEnv;
  };
  const apiKey = pick("apiKey");
  const apiSecret = pick("apiSecret");
  if (!apiKey || !apiSecret) {
    const missing = [!apiKey && "mytpe:apiKey", !apiSecret && "mytpe:apiSecret"].filter(Boolean).join(" and ");
    throw new Error(
      `MyTPE credentials are missing (${missing}). Set them with ` +
        "`pulumi config set --secret mytpe:apiKey <key>` and `pulumi config set --secret mytpe:apiSecret <secret>`, " +
        "or export MYTPE_API_KEY and MYTPE_API_SECRET.",
    );
  }
  const apiUrl = pick("apiUrl") ?? DEFAULT_API_URL;
  assertSafeUrl(apiUrl, "mytpe:apiUrl");
  return { apiUrl, apiKey, apiSecret, payUrl: (pick("payUrl") ?? DEFAULT_PAY_URL).replace(/\/+$/, "") };
}

/** The stack-wide `mytpe:onPricingChange` / `mytpe:onTerminal`, for links that set neither; invalid values are ignored. */
export function linkDefaults(config: ConfigReader | undefined): { on_pricing_change?: OnPricingChange; on_terminal?: OnTerminal } {
  const onPricingChange = OnPricingChange.safeParse(safeGet(config, "mytpe:onPricingChange")).data;
  const onTerminal = OnTerminal.safeParse(safeGet(config, "mytpe:onTerminal")).data;
  return { ...(onPricingChange ? { on_pricing_change: onPricingChange } : {}), ...(onTerminal ? { on_terminal: onTerminal } : {}) };
}

/** Requests in flight per provider process: stack config, then the environment, then 8. */
export function maxConcurrency(config: ConfigReader | undefined, env: NodeJS.ProcessEnv): number {
  const value = Number(safeGet(config, KEYS.maxConcurrency.config) ?? env[KEYS.maxConcurrency.env] ?? 8);
  return Number.isInteger(value) && value > 0 ? value : 8;
}

function safeGet(config: ConfigReader | undefined, key: string): string | undefined {
  try {
    return config?.get(key);
  } catch {
    return undefined;
  }
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\]|::1)$/;

/** A host name (as a URL writes it, or bare) that only this machine can reach. */
export function isLoopback(host: string): boolean {
  return LOOPBACK.test(host);
}

function assertSafeUrl(url: string, key: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`${key} is not a valid URL: ${JSON.stringify(url)}`);
  }
  if (parsed.protocol === "https:") return;
  if (parsed.protocol === "http:" && isLoopback(parsed.hostname)) return;
  throw new Error(`${key} must use https:// (plain http is only allowed to a loopback sandbox): ${url}`);
}
