// Runs in the plugin process: the ResourceProvider gRPC service (pulumi/pulumi
// proto/pulumi/provider.proto), implemented by the plugin itself on the SDK's generated messages
// (sdk-protos.ts), each handler turning a request into a PaymentLinkPlugin call and its answer into
// the response. The SDK's own server (`@pulumi/pulumi/provider` `main`) answers `configure` without
// reading the provider's values and `checkConfig` with UNIMPLEMENTED; here both do their work:
// an explicit `pulumi:providers:mytpe` resource's credentials reach the provider, and state keeps
// the default provider's none (plugin-config.ts). Methods not served here (DiffConfig, Invoke,
// Construct, …) answer UNIMPLEMENTED, grpc-js's default: the engine then treats a changed provider
// as "no replacement", which moving a link between providers relies on.
import type { Struct } from "google-protobuf/google/protobuf/struct_pb.js";
import type * as ProviderProto from "@pulumi/pulumi/proto/provider_pb.js";
import type { Props } from "../provider/provider-inputs.ts";
import { checkedProviderInputs, providerValues } from "./plugin-config.ts";
import type { PaymentLinkPlugin } from "./payment-link-plugin.ts";
import type { SdkProtos, ServiceError, UnaryHandler } from "./sdk-protos.ts";

/** What a failed create reports when the link exists but was not fully set up: the engine keeps it. */
interface InitFailure {
  id?: unknown;
  properties?: Props;
  reasons?: string[];
}

/** The service's handlers, keyed by the method names of `ResourceProviderService`. */
export function providerService(plugin: PaymentLinkPlugin, protos: SdkProtos): Record<string, UnaryHandler> {
  const pb = protos.provider;
  const plain = (struct: Struct | undefined): Props | undefined => struct?.toJavaScript();
  const struct = (props: Props): Struct => protos.struct.Struct.fromJavaScript(props as Parameters<typeof protos.struct.Struct.fromJavaScript>[0]);

  /** A unary handler: the answer of `run`, or its error said as the engine reads it. */
  const unary =
    <R>(run: (request: R) => unknown): UnaryHandler =>
    (call, callback) => {
      Promise.resolve()
        .then(() => run(call.request as R))
        .then(
          (response) => callback(null, response),
          (error: unknown) => {
            const failed = serviceError(error, protos);
            callback(failed, undefined, failed.metadata);
          },
        );
    };

  return {
    // The engine hands its options first; the plugin accepts secrets (kept secret in state) and
    // asks for plain values otherwise. Answering at all makes Configure carry the provider
    // resource's URN and ID (`configure_with_urn`), which the plugin keeps.
    handshake: unary<ProviderProto.ProviderHandshakeRequest>(() =>
      new pb.ProviderHandshakeResponse().setAcceptSecrets(true).setAcceptResources(false).setAcceptOutputs(false),
    ),
    getPluginInfo: unary(() => new protos.plugin.PluginInfo().setVersion(plugin.version)),
    getSchema: unary<ProviderProto.GetSchemaRequest>((request) => {
      if (request.getVersion() !== 0) throw new Error(`unsupported schema version ${request.getVersion()}`);
      return new pb.GetSchemaResponse().setSchema(plugin.schema);
    }),
    checkConfig: unary<ProviderProto.CheckRequest>((request) =>
      new pb.CheckResponse().setInputs(struct(checkedProviderInputs(request.getUrn(), plain(request.getNews()) ?? {}))),
    ),
    configure: unary<ProviderProto.ConfigureRequest>((request) => {
      plugin.configure(providerValues(plain(request.getArgs())), {
        urn: request.hasUrn() ? request.getUrn() : undefined,
        id: request.hasId() ? request.getId() : undefined,
      });
      // As the handshake said; previews reach create and update (answered below).
      return new pb.ConfigureResponse().setAcceptsecrets(true).setAcceptresources(false).setAcceptoutputs(false).setSupportspreview(true);
    }),
    check: unary<ProviderProto.CheckRequest>(async (request) => {
      const result = await plugin.check(request.getUrn(), plain(request.getOlds()) ?? {}, plain(request.getNews()) ?? {});
      const failures = (result.failures ?? []).map((failure) => new pb.CheckFailure().setProperty(failure.property).setReason(failure.reason));
      return new pb.CheckResponse().setInputs(struct(result.inputs ?? {})).setFailuresList(failures);
    }),
    diff: unary<ProviderProto.DiffRequest>(async (request) => {
      const result = await plugin.diff(request.getId(), request.getUrn(), plain(request.getOlds()) ?? {}, plain(request.getNews()) ?? {});
      const changes =
        result.changes === true
          ? pb.DiffResponse.DiffChanges.DIFF_SOME
          : result.changes === false
            ? pb.DiffResponse.DiffChanges.DIFF_NONE
            : pb.DiffResponse.DiffChanges.DIFF_UNKNOWN;
      return new pb.DiffResponse()
        .setChanges(changes)
        .setReplacesList(result.replaces ?? [])
        .setDeletebeforereplace(result.deleteBeforeReplace ?? false);
    }),
    // A preview's create and update answer with the inputs, as the engine did for this plugin
    // before it handshook (provider_plugin.go: a provider without previews); nothing is called.
    create: unary<ProviderProto.CreateRequest>(async (request) => {
      if (request.getPreview()) return new pb.CreateResponse().setProperties(request.getProperties());
      const result = await plugin.create(request.getUrn(), plain(request.getProperties()) ?? {});
      return new pb.CreateResponse().setId(result.id).setProperties(struct(result.outs ?? {}));
    }),
    // An import (`pulumi import mytpe:index:PaymentLink`) sends no properties: the plugin is handed none.
    read: unary<ProviderProto.ReadRequest>(async (request) => {
      const result = await plugin.read(request.getId(), request.getUrn(), plain(request.getProperties()));
      const response = new pb.ReadResponse().setId(result.id ?? "").setProperties(struct(result.props ?? {}));
      return result.inputs ? response.setInputs(struct(result.inputs)) : response;
    }),
    update: unary<ProviderProto.UpdateRequest>(async (request) => {
      if (request.getPreview()) return new pb.UpdateResponse().setProperties(request.getNews());
      const result = await plugin.update(request.getId(), request.getUrn(), plain(request.getOlds()) ?? {}, plain(request.getNews()) ?? {});
      return new pb.UpdateResponse().setProperties(struct(result.outs ?? {}));
    }),
    delete: unary<ProviderProto.DeleteRequest>(async (request) => {
      await plugin.delete(request.getId(), request.getUrn(), plain(request.getProperties()) ?? {});
      return new protos.empty.Empty();
    }),
    cancel: unary(() => new protos.empty.Empty()),
  };
}

/**
 * An error as the engine reads it: the message alone (said once, by the engine, under the link),
 * and for a link created but not set up its id, state and reasons (`ErrorResourceInitFailed`),
 * so the engine keeps it in state and the next `up` continues from it.
 */
function serviceError(error: unknown, protos: SdkProtos): ServiceError {
  const message = error instanceof Error ? error.message : String(error);
  const { id, properties, reasons } = (typeof error === "object" && error !== null ? error : {}) as InitFailure;
  if (typeof id !== "string") return { code: protos.grpc.status.UNKNOWN, details: message };
  const detail = new protos.provider.ErrorResourceInitFailed()
    .setId(id)
    .setProperties(protos.struct.Struct.fromJavaScript((properties ?? {}) as Parameters<typeof protos.struct.Struct.fromJavaScript>[0]))
    .setReasonsList(reasons ?? []);
  const any = new protos.any.Any();
  any.pack(detail.serializeBinary(), "pulumirpc.ErrorResourceInitFailed");
  const status = new protos.status.Status().setCode(protos.grpc.status.UNKNOWN).setMessage(message);
  status.addDetails(any);
  const metadata = new protos.grpc.Metadata();
  // grpc's way of carrying a structured status (google.rpc.Status) beside the code and message.
  metadata.add("grpc-status-details-bin", Buffer.from(status.serializeBinary()));
  return { code: protos.grpc.status.UNKNOWN, details: message, metadata };
}
