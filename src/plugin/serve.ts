// Runs in the plugin process: serves the PaymentLink plugin to the engine as a gRPC ResourceProvider
// (provider-service.ts, on the SDK's generated protos: sdk-protos.ts) and prints its port, as the
// engine expects of a plugin it starts.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { engineNoteSink } from "../provider/engine-log.ts";
import { PaymentLinkPlugin } from "./payment-link-plugin.ts";
import { pluginSchemaText } from "./plugin-schema.ts";
import { providerService } from "./provider-service.ts";
import { sdkProtos } from "./sdk-protos.ts";

/** The largest message the engine may send (the SDK's own limit: runtime/settings.ts). */
const MAX_MESSAGE_BYTES = 400 * 1024 * 1024;

/** The engine's address: the first argument that is not a flag (`--tracing` takes a value). */
export function engineAddress(args: readonly string[]): string | undefined {
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] ?? "";
    if (arg === "--tracing") index++;
    else if (!arg.startsWith("-")) return arg;
  }
  return undefined;
}

/** The package's version, which the plugin reports and its schema carries. */
function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(createRequire(import.meta.url).resolve("mytpe-links/package.json"), "utf8")) as { version: string };
  return manifest.version;
}

/** Starts the plugin's gRPC server on a free local port; the engine stops the process when done. */
export async function listen(plugin: PaymentLinkPlugin): Promise<number> {
  const protos = sdkProtos();
  const server = new protos.grpc.Server({ "grpc.max_receive_message_length": MAX_MESSAGE_BYTES });
  server.addService(protos.service, providerService(plugin, protos));
  return new Promise((resolve, reject) => {
    server.bindAsync("127.0.0.1:0", protos.grpc.ServerCredentials.createInsecure(), (error, port) => (error ? reject(error) : resolve(port)));
  });
}

/** Serves the plugin until the engine stops it; prints the port, as the engine expects. */
export async function serve(args: readonly string[]): Promise<void> {
  const version = packageVersion();
  const plugin = new PaymentLinkPlugin({ version, schema: pluginSchemaText(version), notes: engineNoteSink(engineAddress(args)) });
  const port = await listen(plugin);
  process.stdout.write(`${port}\n`);
}
