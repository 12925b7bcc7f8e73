// CLI: `tsx sandbox/main.ts [--port N] [--state FILE]`. Prints exactly one JSON line on stdout
// once listening (scripts read it to find the port and keys); every log goes to stderr.

import { parseArgs } from "node:util";
import { startSandbox } from "./server.ts";

const USAGE = `Usage: tsx sandbox/main.ts [--port N] [--state FILE]

  --port N      TCP port on 127.0.0.1 (0 = any free port; default 0)
  --state FILE  JSON state file (default .sandbox/state.json)
`;

function fail(message: string): never {
  process.stderr.write(`sandbox: ${message}\n\n${USAGE}`);
  process.exit(2);
}

function readOptions(): { port: number; state: string } {
  let values: { port?: string | undefined; state?: string | undefined; help?: boolean | undefined };
  try {
    ({ values } = parseArgs({
      options: { port: { type: "string" }, state: { type: "string" }, help: { type: "boolean", short: "h" } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    fail((error as Error).message);
  }
  if (values.help === true) {
    process.stderr.write(USAGE);
    process.exit(0);
  }
  const portText = values.port ?? "0";
  const port = /^\d+$/.test(portText) ? Number(portText) : Number.NaN;
  if (!(port >= 0 && port <= 65535)) fail(`--port must be an integer from 0 to 65535, got ${JSON.stringify(portText)}`);
  const state = values.state ?? ".sandbox/state.json";
  if (state === "") fail("--state must name a file");
  return { port, state };
}

const options = readOptions();
const sandbox = await startSandbox({ port: options.port, statePath: options.state }).catch((error: unknown) => {
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
  })}\n`,
);
process.stderr.write(`sandbox: listening on ${sandbox.url} (state: ${options.state})\n`);

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
