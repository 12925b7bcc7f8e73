// Runs inside the Pulumi provider host: messages for the person running `pulumi preview` / `up`,
// and the same facts for machines. A dynamic provider's `diff` can only answer changes/replaces,
// so why a link is replaced, or why a spent link is left alone, is sent to the engine's log: once
// as a sentence, under the link's resource, and once as a debug line (hidden from the display,
// present in the engine's JSON events) carrying a JSON payload that `mytpe-links plan` reads —
// no sentence is ever parsed.
import { createRequire } from "node:module";
import { NOTE_PREFIX } from "./protocol.ts";

export type Severity = "info" | "warning";

/** What a note says about a link, for machines: see NOTE_PREFIX in protocol.ts. */
export interface NoteFacts {
  /** replace | refuse | ended | adopt | possible-replace | possible-refusal | state-recorded | state-upgrade | rate-limited */
  kind: string;
  reason?: string;
  fields?: readonly string[];
  paid_count?: number;
  /** The public URL the note is about (the one that stops working, for a replacement). */
  url?: string;
}

export interface Note {
  severity: Severity;
  /** The sentence a person reads. */
  message: string;
  /** The link's resource (its URN), when known: the note is shown under it. */
  urn?: string | undefined;
  facts?: NoteFacts;
}

/** Where notes go: the engine when running under it, otherwise a function (tests) or stderr. */
export type NoteSink = (note: Note) => void;

interface EngineClient {
  log(request: unknown, callback: (error: Error | null) => void): void;
}

type LogRequest = { setSeverity(s: number): void; setMessage(m: string): void; setUrn(u: string): void };

/**
 * The engine's log when this process is the dynamic-provider host (started by the engine with
 * the engine's address as its first argument) or is given the address (the plugin), else stderr.
 */
export function engineNoteSink(address = process.argv[1]?.includes("dynamic-provider") ? process.argv[2] : undefined): NoteSink {
  if (!address) return (note) => process.stderr.write(`${note.severity}: ${note.message}\n`);

  // The same gRPC stubs the SDK uses, and @grpc/grpc-js as those stubs load it: from @pulumi/pulumi
  // (a peer), not as a dependency of ours. A copy of our own could be another instance, whose
  // credentials its client refuses ("must be a ChannelCredentials object": an instanceof check).
  const require = createRequire(import.meta.url);
  const stubsFile = require.resolve("@pulumi/pulumi/proto/engine_grpc_pb.js");
  const grpc = createRequire(stubsFile)("@grpc/grpc-js") as { credentials: { createInsecure(): unknown } };
  const proto = require("@pulumi/pulumi/proto/engine_pb.js") as {
    LogRequest: new () => LogRequest;
    LogSeverity: Record<"DEBUG" | "INFO" | "WARNING", number>;
  };
  const stubs = require("@pulumi/pulumi/proto/engine_grpc_pb.js") as {
    EngineClient: new (address: string, credentials: unknown) => EngineClient;
  };
  const engine = new stubs.EngineClient(address, grpc.credentials.createInsecure());
  const send = (severity: number, message: string, urn: string | undefined) => {
    const request = new proto.LogRequest();
    request.setSeverity(severity);
    request.setMessage(message);
    request.setUrn(urn ?? "");
    engine.log(request, () => {
      // A lost note must never fail the operation.
    });
  };
  return (note) => {
    send(note.severity === "warning" ? proto.LogSeverity.WARNING : proto.LogSeverity.INFO, note.message, note.urn);
    if (note.facts) send(proto.LogSeverity.DEBUG, noteLine(note), note.urn);
  };
}

/** The machine line of a note: the prefix, then one JSON object. */
export function noteLine(note: Note): string {
  return `${NOTE_PREFIX}${JSON.stringify({ ...(note.urn ? { urn: note.urn } : {}), ...note.facts, message: note.message })}`;
}
