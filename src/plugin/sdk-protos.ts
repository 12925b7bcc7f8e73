// Runs in the plugin process: what the plugin takes from the Pulumi Node SDK to serve the engine —
// the ResourceProvider gRPC service definition and its messages, generated from Pulumi's protos and
// shipped in `@pulumi/pulumi/proto/`, and the gRPC runtime and protobuf library the SDK itself
// depends on (resolved from the SDK's folder, so the service is served by the runtime it was
// generated for). Nothing of the SDK is patched: the plugin implements the service on these public
// types (provider-service.ts). test/plugin/provider-service.test.ts pins every piece named here,
// through the SDK's own generated client.
import { createRequire } from "node:module";
import type * as ProviderProto from "@pulumi/pulumi/proto/provider_pb.js";
import type * as PluginProto from "@pulumi/pulumi/proto/plugin_pb.js";
import type * as StatusProto from "@pulumi/pulumi/proto/status_pb.js";
import type * as StructProto from "google-protobuf/google/protobuf/struct_pb.js";
import type * as EmptyProto from "google-protobuf/google/protobuf/empty_pb.js";
import type * as AnyProto from "google-protobuf/google/protobuf/any_pb.js";

/** A gRPC error as grpc-js sends it: a status code, the message, and trailing metadata. */
export interface ServiceError {
  code: number;
  details: string;
  metadata?: GrpcMetadata;
}

export interface GrpcMetadata {
  add(key: string, value: Buffer): void;
}

/** A unary handler as grpc-js calls it. */
export type UnaryHandler = (call: { request: unknown }, callback: (error: ServiceError | null, value?: unknown, trailer?: GrpcMetadata) => void) => void;

/** The part of grpc-js (the SDK's dependency) the plugin uses. */
export interface GrpcJs {
  Server: new (
    options: Record<string, number>,
  ) => {
    addService(service: unknown, implementation: Record<string, UnaryHandler>): void;
    bindAsync(address: string, credentials: unknown, callback: (error: Error | null, port: number) => void): void;
  };
  ServerCredentials: { createInsecure(): unknown };
  Metadata: new () => GrpcMetadata;
  status: { UNKNOWN: number; UNIMPLEMENTED: number; INVALID_ARGUMENT: number };
}

export interface SdkProtos {
  grpc: GrpcJs;
  /** `ResourceProviderService`: the method table grpc-js serves, keyed by the handler names of provider-service.ts. */
  service: Record<string, { path: string; requestType: unknown; responseType: unknown }>;
  provider: typeof ProviderProto;
  plugin: typeof PluginProto;
  status: typeof StatusProto;
  struct: typeof StructProto;
  empty: typeof EmptyProto;
  any: typeof AnyProto;
}

/** The SDK's modules. */
export function sdkProtos(): SdkProtos {
  const require = createRequire(import.meta.url);
  const sdk = createRequire(require.resolve("@pulumi/pulumi/package.json"));
  return {
    grpc: sdk("@grpc/grpc-js") as GrpcJs,
    service: (require("@pulumi/pulumi/proto/provider_grpc_pb.js") as { ResourceProviderService: SdkProtos["service"] }).ResourceProviderService,
    provider: require("@pulumi/pulumi/proto/provider_pb.js") as typeof ProviderProto,
    plugin: require("@pulumi/pulumi/proto/plugin_pb.js") as typeof PluginProto,
    status: require("@pulumi/pulumi/proto/status_pb.js") as typeof StatusProto,
    struct: sdk("google-protobuf/google/protobuf/struct_pb.js") as typeof StructProto,
    empty: sdk("google-protobuf/google/protobuf/empty_pb.js") as typeof EmptyProto,
    any: sdk("google-protobuf/google/protobuf/any_pb.js") as typeof AnyProto,
  };
}
