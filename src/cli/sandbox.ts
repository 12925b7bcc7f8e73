// `mytpe-links sandbox [--port N] [--state FILE] [fault flags]`: runs the embedded MyTPE sandbox in
// the foreground until SIGINT/SIGTERM. Prints exactly one JSON line on stdout once listening
// (scripts, and the `local` stack's background sandbox, read it to find the port and keys); every
// log goes to stderr.

import { parseArgs } from "node:util";
import { ApiError } from "../sandbox/api-error.ts";
import { hasFaults, parseRateLimit, randomSeed, resolveFaultConfig, type FaultConfig, type FaultSettings } from "../sandbox/fault-config.ts";
import { startSandbox } from "../sandbox/server.ts";

export const USAGE = `usage: mytpe-links sandbox [--port N] [--state FILE] [fault flags]

  --port N          TCP port on 127.0.0.1 (0 = any free port; default 0)
  --state FILE      JSON state file (default .sandbox/state.json)

Faults (trader API only; also settable at runtime with PUT /api/ext/sandbox/faults):
  --latency MS      add MS milliseconds to every request
  --jitter MS       add up to MS more milliseconds, drawn per request
  --rate-limit N/Ss at most N requests per S seconds per API key, e.g. 60/60s (then 429 + Retry-After)
  --error-rate P    probability 0..1 of answering 500 or 503 without applying the request
  --drop-rate P     probability 0..1 of dropping the connection before applying the request
  --lost-rate P     probability 0..1 of applying the request, then dropping the connection
  --throttle-rate P probability 0..1 of answering 429 with Retry-After: 1, without applying the request
  --fault-rate P    shorthand: error, drop and lost rates each P/3 (the specific flags win)
  --seed N          PRNG seed 0..4294967295 (default: random, printed to stderr for replay)
`;

function fail(message: string): never {
  process.stderr.write(`sandbox: ${message}\n\n${USAGE}`);
  process.exit(2);
}

type Options = { port: number; state: string; faults: FaultSettings | null };

const NUMBER = /^\d+(\.\d+)?$/;

function integerFlag(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) fail(`--${name} must be a non-negative integer, got ${JSON.stringify(text)}`);
  return Number(text);
}

function rateFlag(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = NUMBER.test(text) ? Number(text) : Number.NaN;
  if (!(value >= 0 && value <= 1)) fail(`--${name} must be a probability from 0 to 1, got ${JSON.stringify(text)}`);
  return value;
}

function readOptions(args: string[]): Options {
  const flags = {
    port: { type: "string" },
    state: { type: "string" },
    latency: { type: "string" },
    jitter: { type: "string" },
    "rate-limit": { type: "string" },
    "error-rate": { type: "string" },
    "drop-rate": { type: "string" },
    "lost-rate": { type: "string" },
    "throttle-rate": { type: "string" },
    "fault-rate": { type: "string" },
    seed: { type: "string" },
    help: { type: "boolean", short: "h" },
  } as const;
  let values: ReturnType<typeof parseArgs<{ options: typeof flags; strict: true; allowPositionals: false }>>["values"];
  try {
    ({ values } = parseArgs({ args, options: flags, strict: true, allowPositionals: false }));
  } catch (error) {
    fail((error as Error).message);
  }
  if (values.help === true) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  const portText = values.port ?? "0";
  const port = /^\d+$/.test(portText) ? Number(portText) : Number.NaN;
  if (!(port >= 0 && port <= 65535)) fail(`--port must be an integer from 0 to 65535, got ${JSON.stringify(portText)}`);
  const state = values.state ?? ".sandbox/state.json";
  if (state === "") fail("--state must name a file");
  return { port, state, faults: readFaults(values) };
}

function readFaults(values: Partial<Record<string, string | boolean>>): FaultSettings | null {
  const text = (name: string): string | undefined => {
    const value = values[name];
    return typeof value === "string" ? value : undefined;
  };
  const config: FaultConfig = {};
  const set = <K extends keyof FaultConfig>(key: K, value: FaultConfig[K] | undefined): void => {
    if (value !== undefined) config[key] = value;
  };
  set("latency_ms", integerFlag("latency", text("latency")));
  set("latency_jitter_ms", integerFlag("jitter", text("jitter")));
  const limitText = text("rate-limit");
  if (limitText !== undefined) {
    const limit = parseRateLimit(limitText);
    if (limit === null) fail(`--rate-limit must look like N/Ss (e.g. 60/60s), got ${JSON.stringify(limitText)}`);
    config.rate_limit = limit;
  }
  const share = rateFlag("fault-rate", text("fault-rate"));
  // Rounded so the ready line shows 0.1 for --fault-rate 0.3, not 0.09999999999999999.
  const third = share === undefined ? undefined : Math.round((share / 3) * 1e12) / 1e12;
  set("error_rate", rateFlag("error-rate", text("error-rate")) ?? third);
  set("drop_rate", rateFlag("drop-rate", text("drop-rate")) ?? third);
  set("lost_response_rate", rateFlag("lost-rate", text("lost-rate")) ?? third);
  set("throttle_rate", rateFlag("throttle-rate", text("throttle-rate")));
  set("seed", integerFlag("seed", text("seed")));
  let settings: FaultSettings;
  try {
    settings = resolveFaultConfig(config, randomSeed);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    fail(
      Object.values(error.errors ?? {})
        .flat()
        .join("\n") || error.message,
    );
  }
  // A seed alone injects nothing: then there is no fault config to report and no run to replay.
  return hasFaults(settings) ? settings : null;
}

/** Runs the sandbox until a signal stops it (the process then exits). */
export async function sandboxCommand(args: string[]): Promise<void> {
  const options = readOptions(args);
  const sandbox = await startSandbox({
    port: options.port,
    statePath: options.state,
    ...(options.faults === null ? {} : { faults: options.faults }),
  }).catch((error: unknown) => {
    process.stderr.write(`sandbox: could not start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });

  process.stdout.write(
    `${JSON.stringify({
      url: sandbox.url,
      pay_url: sandbox.payUrl,
      api_key: sandbox.apiKey,
      api_secret: sandbox.apiSecret,
      instances: sandbox.instances,
      forms: sandbox.forms,
      other_trader: {
        api_key: sandbox.otherTrader.apiKey,
        api_secret: sandbox.otherTrader.apiSecret,
        instances: sandbox.otherTrader.instances,
        forms: sandbox.otherTrader.forms,
      },
      ...(options.faults === null ? {} : { faults: options.faults }),
    })}\n`,
  );
  process.stderr.write(`sandbox: listening on ${sandbox.url} (state: ${options.state})\n`);
  if (options.faults !== null) process.stderr.write(`sandbox: faults seed=${options.faults.seed}\n`);

  let stopping = false;
  async function stop(signal: string): Promise<void> {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`sandbox: ${signal} received, writing state and stopping\n`);
    try {
      await sandbox.close();
      process.exit(0);
    } catch (error) {
      process.stderr.write(`sandbox: error while stopping: ${String(error)}\n`);
      process.exit(1);
    }
  }
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}
