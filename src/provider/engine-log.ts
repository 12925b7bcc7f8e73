// Runs inside the Pulumi provider host: messages for the person running `pulumi preview` / `up`.
// A dynamic provider's `diff` can only answer changes/replaces, so why a link is replaced, or why
// a spent link is left alone, is sent to the engine's log, which prints it with the preview.
import { createRequire } from "node:module";

export type Severity = "info" | "warning";

/** Where notes go: the engine when running under it, otherwise a function (tests) or stderr. */
export type NoteSink = (severity: Severity, message: string) => void;

interface EngineClient {
  log(request: unknown, callback: (error: Error | null) => void): void;
}

/**
 * The engine's log when this process is the dynamic-provider host (started by the engine with
 * the engine's address as its first argument), else stderr.
 */
export function engineNoteSink(): NoteSink {
  const address = process.argv[1]?.includes("dynamic-provider") ? process.argv[2] : undefined;
  if (!address) return (severity, message) => process.stderr.write(`${severity}: ${message}\n`);

  // The same gRPC stubs the SDK uses, from @pulumi/pulumi's own dependencies.
  const require = createRequire(import.meta.url);
  const grpc = require("@grpc/grpc-js") as { credentials: { createInsecure(): unknown } };
  const proto = require("@pulumi/pulumi/proto/engine_pb.js") as {
    LogRequest: new () => { setSeverity(s: number): void; setMessage(m: string): void; setUrn(u: string): void };
    LogSeverity: Record<"INFO" | "WARNING", number>;
  };
  const stubs = require("@pulumi/pulumi/proto/engine_grpc_pb.js") as {
    EngineClient: new (address: string, credentials: unknown) => EngineClient;
  };
  const engine = new stubs.EngineClient(address, grpc.credentials.createInsecure());
  return (severity, message) => {
    const request = new proto.LogRequest();
    request.setSeverity(severity === "warning" ? proto.LogSeverity.WARNING : proto.LogSeverity.INFO);
    request.setMessage(message);
    request.setUrn("");
    engine.log(request, () => {
      // A lost note must never fail the operation.
    });
  };
}
