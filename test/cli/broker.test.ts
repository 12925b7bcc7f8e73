// `mytpe-links broker` in-process: what it refuses to start with (each said, exit 2), and a broker
// that starts, prints its URL and serves until stopped.
import { describe, expect, it } from "vitest";
import { brokerCommand } from "../../src/cli/broker.ts";

const KEYS = { MYTPE_API_KEY: `mtk_live_${"0".repeat(32)}`, MYTPE_API_SECRET: `mts_live_${"f".repeat(32)}` };
const CLIENT = { MYTPE_BROKER_KEY: `mtk_live_${"1".repeat(32)}`, MYTPE_BROKER_SECRET: `mts_live_${"2".repeat(32)}` };

async function broker(args: string[], env: Record<string, string>) {
  const said: string[] = [];
  let url = "";
  const io = { cwd: process.cwd(), env, out: (line: string) => said.push(line), err: (line: string) => said.push(line) };
  // Served, then stopped at once, as a signal would.
  const code = await brokerCommand(args, io, async (started) => {
    url = started.url;
  });
  return { code, said, url };
}

describe("mytpe-links broker", () => {
  it.each([
    ["plain HTTP off loopback", ["--listen", "0.0.0.0:8787"], { ...KEYS, ...CLIENT }, /^--listen 0\.0\.0\.0: the broker serves plain HTTP only on loopback/],
    ["a certificate without its key", ["--tls-cert", "cert.pem"], { ...KEYS, ...CLIENT }, /^--tls-cert and --tls-key go together/],
    ["no MyTPE keys", [], CLIENT, /^broker: MyTPE credentials are missing/],
    ["plain HTTP to a remote API", ["--upstream", "http://api.example/api/ext"], { ...KEYS, ...CLIENT }, /^broker: mytpe:apiUrl must use https:\/\//],
    ["no credentials for its clients", [], KEYS, /^broker: MYTPE_BROKER_KEY and MYTPE_BROKER_SECRET must be set/],
    [
      "the MyTPE keys as its clients' credentials",
      [],
      { ...KEYS, MYTPE_BROKER_KEY: KEYS.MYTPE_API_KEY, MYTPE_BROKER_SECRET: CLIENT.MYTPE_BROKER_SECRET },
      /^broker: the broker's credentials must differ from the MyTPE keys/,
    ],
  ])("refuses to start with %s, and says why", async (_, args, env, said) => {
    const result = await broker(args, env);
    expect(result.code).toBe(2);
    expect(result.said[0]).toMatch(said);
  });

  it("starts on loopback, says where and to which API, and stops when told", async () => {
    const result = await broker(["--listen", "127.0.0.1:0", "--upstream", "https://api.mytpe.appp/api/ext"], { ...KEYS, ...CLIENT });
    expect(result.code).toBe(0);
    expect(result.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(result.said).toEqual([`broker: ${result.url} forwards GET requests to https://api.mytpe.appp/api/ext`]);
  });
});
