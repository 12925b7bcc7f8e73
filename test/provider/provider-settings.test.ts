import { describe, expect, it } from "vitest";
import { DEFAULT_API_URL, DEFAULT_PAY_URL, resolveSettings, type ConfigReader } from "../../src/provider/provider-settings.ts";

const KEY = "mtk_live_0123456789abcdef0123456789abcdef";
const SECRET = "mts_live_fedcba9876543210fedcba9876543210";

/** Stack config as the dynamic-provider host hands it over: a flat map of "mytpe:..." keys. */
function config(values: Record<string, string>): ConfigReader {
  return { get: (key) => values[key] };
}

/** Runs resolveSettings and returns the message it throws (fails the test if it does not throw). */
function errorOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  throw new Error("expected resolveSettings to throw");
}

describe("resolveSettings", () => {
  it("prefers stack config over the environment", () => {
    const settings = resolveSettings(
      config({
        "mytpe:apiKey": KEY,
        "mytpe:apiSecret": SECRET,
        "mytpe:apiUrl": "https://config.example/api/ext",
        "mytpe:payUrl": "https://pay.config.example",
      }),
      {
        MYTPE_API_KEY: "mtk_live_from_env",
        MYTPE_API_SECRET: "mts_live_from_env",
        MYTPE_API_URL: "https://env.example/api/ext",
        MYTPE_PAY_URL: "https://pay.env.example",
      },
    );
    expect(settings).toEqual({
      apiUrl: "https://config.example/api/ext",
      apiKey: KEY,
      apiSecret: SECRET,
      payUrl: "https://pay.config.example",
    });
  });

  it("falls back to the environment for each key stack config does not set", () => {
    const settings = resolveSettings(config({ "mytpe:apiKey": KEY }), {
      MYTPE_API_KEY: "mtk_live_from_env",
      MYTPE_API_SECRET: SECRET,
      MYTPE_API_URL: "https://env.example/api/ext",
      MYTPE_PAY_URL: "https://pay.env.example",
    });
    expect(settings).toEqual({
      apiUrl: "https://env.example/api/ext",
      apiKey: KEY,
      apiSecret: SECRET,
      payUrl: "https://pay.env.example",
    });
  });

  it("reads everything from the environment when there is no stack config", () => {
    const settings = resolveSettings(undefined, { MYTPE_API_KEY: KEY, MYTPE_API_SECRET: SECRET });
    expect(settings.apiKey).toBe(KEY);
    expect(settings.apiSecret).toBe(SECRET);
  });

  it("tolerates a config reader that throws and uses the environment instead", () => {
    const throwing: ConfigReader = {
      get() {
        throw new Error("Missing required configuration variable");
      },
    };
    const settings = resolveSettings(throwing, { MYTPE_API_KEY: KEY, MYTPE_API_SECRET: SECRET });
    expect(settings).toEqual({ apiUrl: DEFAULT_API_URL, apiKey: KEY, apiSecret: SECRET, payUrl: DEFAULT_PAY_URL });
  });

  it("defaults to the documented production endpoints", () => {
    const settings = resolveSettings(undefined, { MYTPE_API_KEY: KEY, MYTPE_API_SECRET: SECRET });
    expect(settings.apiUrl).toBe("https://api.mytpe.appp/api/ext");
    expect(settings.payUrl).toBe("https://pay.mytpe.appp");
  });

  it("trims trailing slashes from the payment page URL", () => {
    const settings = resolveSettings(config({ "mytpe:payUrl": "https://pay.example//" }), {
      MYTPE_API_KEY: KEY,
      MYTPE_API_SECRET: SECRET,
    });
    expect(settings.payUrl).toBe("https://pay.example");
  });

  it("treats an empty environment variable as missing", () => {
    const settings = resolveSettings(undefined, {
      MYTPE_API_KEY: KEY,
      MYTPE_API_SECRET: SECRET,
      MYTPE_API_URL: "",
      MYTPE_PAY_URL: "",
    });
    expect(settings.apiUrl).toBe(DEFAULT_API_URL);
    expect(settings.payUrl).toBe(DEFAULT_PAY_URL);
  });

  it.each([
    ["both credentials", {}, "mytpe:apiKey and mytpe:apiSecret"],
    ["the key", { MYTPE_API_SECRET: SECRET }, "(mytpe:apiKey)"],
    ["the secret", { MYTPE_API_KEY: KEY }, "(mytpe:apiSecret)"],
  ])("says how to set the credentials when %s are missing", (_case, env: NodeJS.ProcessEnv, missing) => {
    const message = errorOf(() => resolveSettings(config({}), env));
    expect(message).toContain(missing);
    expect(message).toContain("mytpe:apiKey");
    expect(message).toContain("mytpe:apiSecret");
    expect(message).toContain("MYTPE_API_KEY");
    expect(message).toContain("MYTPE_API_SECRET");
    expect(message).not.toContain(KEY);
    expect(message).not.toContain(SECRET);
  });

  it("never repeats a provided credential in the missing-credential message", () => {
    const fromConfig = errorOf(() => resolveSettings(config({ "mytpe:apiSecret": SECRET }), {}));
    const fromEnv = errorOf(() => resolveSettings(undefined, { MYTPE_API_KEY: KEY }));
    expect(fromConfig).not.toContain(SECRET);
    expect(fromEnv).not.toContain(KEY);
  });

  it("pins the missing-credential message", () => {
    expect(errorOf(() => resolveSettings(undefined, {}))).toBe(
      "MyTPE credentials are missing (mytpe:apiKey and mytpe:apiSecret). Set them with " +
        "`pulumi config set --secret mytpe:apiKey <key>` and `pulumi config set --secret mytpe:apiSecret <secret>`, " +
        "or export MYTPE_API_KEY and MYTPE_API_SECRET.",
    );
  });

  it.each([
    ["https://api.example/api/ext"],
    ["https://203.0.113.7:8443/api/ext"],
    ["http://127.0.0.1:4010/api/ext"],
    ["http://127.1.2.3/api/ext"],
    ["http://localhost:4010/api/ext"],
    ["http://LOCALHOST:4010/api/ext"],
    ["http://[::1]:4010/api/ext"],
  ])("accepts %s as the API URL", (apiUrl) => {
    const settings = resolveSettings(config({ "mytpe:apiUrl": apiUrl }), {
      MYTPE_API_KEY: KEY,
      MYTPE_API_SECRET: SECRET,
    });
    expect(settings.apiUrl).toBe(apiUrl);
  });

  it.each([
    ["http://api.mytpe.appp/api/ext"],
    ["http://203.0.113.7/api/ext"],
    ["http://localhost.evil.example/api/ext"],
    ["http://127.0.0.1.nip.io/api/ext"],
    ["http://10.0.0.5:4010/api/ext"],
    ["ftp://api.example/api/ext"],
  ])("refuses %s as the API URL because credentials would cross a network in clear", (apiUrl) => {
    const message = errorOf(() => resolveSettings(config({ "mytpe:apiUrl": apiUrl }), { MYTPE_API_KEY: KEY, MYTPE_API_SECRET: SECRET }));
    expect(message).toBe(`mytpe:apiUrl must use https:// (plain http is only allowed to a loopback sandbox): ${apiUrl}`);
    expect(message).not.toContain(KEY);
    expect(message).not.toContain(SECRET);
  });

  it.each([["not a url"], ["api.mytpe.appp/api/ext"], ["https://"]])("refuses %j as an invalid URL", (apiUrl) => {
    const message = errorOf(() => resolveSettings(config({ "mytpe:apiUrl": apiUrl }), { MYTPE_API_KEY: KEY, MYTPE_API_SECRET: SECRET }));
    expect(message).toBe(`mytpe:apiUrl is not a valid URL: ${JSON.stringify(apiUrl)}`);
  });

  it("checks the API URL taken from the environment too", () => {
    const message = errorOf(() =>
      resolveSettings(undefined, {
        MYTPE_API_KEY: KEY,
        MYTPE_API_SECRET: SECRET,
        MYTPE_API_URL: "http://api.mytpe.appp/api/ext",
      }),
    );
    expect(message).toContain("must use https://");
  });
});
