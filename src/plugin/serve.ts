// Runs in the plugin process: starts the gRPC server of `@pulumi/pulumi/provider` with the
// PaymentLink plugin. The SDK's server answers `configure` without reading the provider's values
// and `checkConfig` with UNIMPLEMENTED (sdk/nodejs/provider/server.ts); both are given their
// real work here, on the server's own service object, before it is registered: an explicit
// `pulumi:providers:mytpe` resource's credentials reach the provider, and state keeps the
// default provider's none (plugin-config.ts).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { main } from "@pulumi/pulumi/provider/index.js";
import { engineNoteSink } from "../provider/engine-log.ts";
import type { Props } from "../provider/provider-inputs.ts";
import { checkedProviderInputs, providerValues } from "./plugin-config.ts";
import { PaymentLinkPlugin } from "./payment-link-plugin.ts";
import { pluginSchemaText } from "./plugin-schema.ts";

type Callback = (error: unknown, value?: unknown) => void;
interface StructValue {
  toJavaScript(): Props;
}
interface Call<R> {
  request: R;
}
type ServiceImplementation = Record<string, unknown> & { configure: (call: Call<{ getArgs(): StructValue | undefined }>, callback: Callback) => void };

const require = createRequire(import.meta.url);

/** The SDK's own modules, resolved as the SDK resolves them (google-protobuf and grpc-js are its dependencies, not ours), so the service is the one it registers. */
function sdkModules() {
  const sdk = createRequire(require.resolve("@pulumi/pulumi/package.json"));
  return {
    grpc: sdk("@grpc/grpc-js") as { Server: { prototype: { addService(service: unknown, implementation: unknown): void } } },
    service: (require("@pulumi/pulumi/proto/provider_grpc_pb.js") as { ResourceProviderService: unknown }).ResourceProviderService,
    proto: require("@pulumi/pulumi/proto/provider_pb.js") as {
      CheckResponse: new () => { setInputs(inputs: unknown): void };
    },
    struct: sdk("google-protobuf/google/protobuf/struct_pb.js") as { Struct: { fromJavaScript(value: Props): unknown } },
  };
}

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
  const manifest = JSON.parse(readFileSync(require.resolve("mytpe-links/package.json"), "utf8")) as { version: string };
  return manifest.version;
}

/** Serves the plugin until the engine stops it; prints the port, as the engine expects. */
export async function serve(args: readonly string[]): Promise<void> {
  const version = packageVersion();
  const plugin = new PaymentLinkPlugin({ version, schema: pluginSchemaText(version), notes: engineNoteSink(engineAddress(args)) });
  const { grpc, service, proto, struct } = sdkModules();
  const addService = grpc.Server.prototype.addService;
  grpc.Server.prototype.addService = function (this: unknown, registered: unknown, implementation: unknown) {
    if (registered === service) wireConfig(implementation as ServiceImplementation, plugin, proto, struct);
    addService.call(this, registered, implementation);
  };
  try {
    // `main` registers its service synchronously, before its first await.
    const serving = main(plugin, [...args]);
    grpc.Server.prototype.addService = addService;
    await serving;
  } finally {
    grpc.Server.prototype.addService = addService;
  }
}

function wireConfig(
  implementation: ServiceImplementation,
  plugin: PaymentLinkPlugin,
  proto: ReturnType<typeof sdkModules>["proto"],
  struct: ReturnType<typeof sdkModules>["struct"],
): void {
  const configure = implementation.configure.bind(implementation);
  implementation.configure = (call, callback) => {
    plugin.configure(providerValues(call.request.getArgs()?.toJavaScript()));
    configure(call, callback);
  };
  implementation["checkConfig"] = (call: Call<{ getUrn(): string; getNews(): StructValue }>, callback: Callback) => {
    const response = new proto.CheckResponse();
    response.setInputs(struct.Struct.fromJavaScript(checkedProviderInputs(call.request.getUrn(), call.request.getNews().toJavaScript())));
    callback(undefined, response);
  };
}
