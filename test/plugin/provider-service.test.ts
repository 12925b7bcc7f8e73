// The plugin's gRPC service as the engine reaches it, in process: the SDK's own generated client
// (`@pulumi/pulumi/proto/provider_grpc_pb.js`) against the plugin's server, so every message,
// getter and setter the plugin relies on in the SDK is exercised. An SDK release that renames or
// drops one of them fails here, before any user's `up` does.
import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PaymentLinkPlugin } from "../../src/plugin/payment-link-plugin.ts";
import { providerService } from "../../src/plugin/provider-service.ts";
import { sdkProtos } from "../../src/plugin/sdk-protos.ts";
import { listen } from "../../src/plugin/serve.ts";
import { startSandbox, type Sandbox } from "../../src/sandbox/server.ts";

const require = createRequire(import.meta.url);
const sdk = createRequire(require.resolve("@pulumi/pulumi/package.json"));
const protos = sdkProtos();
const pb = protos.provider;
type Client = Record<string, (request: unknown, callback: (error: (Error & { code: number; details: string }) | null, response: never) => void) => void>;
const URN = "urn:pulumi:dev::shop::mytpe:index:PaymentLink::voucher";
const PROVIDER_URN = "urn:pulumi:dev::shop::pulumi:providers:mytpe::default";

describe("the plugin's ResourceProvider service, through the SDK's generated client", () => {
  let sandbox: Sandbox;
  let plugin: PaymentLinkPlugin;
  let client: Client;
  const call = <T>(method: string, request: unknown) =>
    new Promise<T>((resolve, reject) => client[method]!(request, (error, response) => (error ? reject(error) : resolve(response as T))));
  const struct = (value: Record<string, unknown>) => protos.struct.Struct.fromJavaScript(value as never);

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, log: () => {} });
    const env = { PULUMI_CONFIG: JSON.stringify({ apiUrl: sandbox.url, apiKey: sandbox.apiKey, apiSecret: sandbox.apiSecret, payUrl: sandbox.payUrl }) };
    plugin = new PaymentLinkPlugin({ version: "1.2.3", schema: '{"name":"mytpe"}', notes: () => {}, env });
    const port = await listen(plugin);
    const { ResourceProviderClient } = require("@pulumi/pulumi/proto/provider_grpc_pb.js") as {
      ResourceProviderClient: new (address: string, credentials: unknown) => Client;
    };
    const grpc = sdk("@grpc/grpc-js") as { credentials: { createInsecure(): unknown } };
    client = new ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  });
  afterAll(async () => sandbox?.close());

  it("serves only methods the SDK's service defines, each with the SDK's own message types", () => {
    const served = Object.keys(providerService(plugin, protos));
    expect(served.filter((name) => !(name in protos.service))).toEqual([]);
    expect(protos.service["handshake"]?.requestType).toBe(pb.ProviderHandshakeRequest);
    expect(protos.service["configure"]?.requestType).toBe(pb.ConfigureRequest);
    expect(protos.service["read"]?.responseType).toBe(pb.ReadResponse);
  });

  it("handshakes accepting secrets, then is configured with the provider resource's URN and ID", async () => {
    const handshake = await call<InstanceType<typeof pb.ProviderHandshakeResponse>>(
      "handshake",
      new pb.ProviderHandshakeRequest().setConfigureWithUrn(true).setEngineAddress("127.0.0.1:1"),
    );
    expect([handshake.getAcceptSecrets(), handshake.getAcceptResources(), handshake.getAcceptOutputs()]).toEqual([true, false, false]);

    const configured = await call<InstanceType<typeof pb.ConfigureResponse>>(
      "configure",
      new pb.ConfigureRequest()
        .setUrn(PROVIDER_URN)
        .setId("6c1d")
        .setArgs(struct({ apiKey: sandbox.apiKey, version: "1.2.3" })),
    );
    expect(configured.getAcceptsecrets()).toBe(true);
    expect([plugin.providerUrn, plugin.providerId]).toEqual([PROVIDER_URN, "6c1d"]);
  });

  it("reports its version and schema, and keeps no credential of the default provider in state", async () => {
    expect((await call<{ getVersion(): string }>("getPluginInfo", new protos.empty.Empty())).getVersion()).toBe("1.2.3");
    expect((await call<InstanceType<typeof pb.GetSchemaResponse>>("getSchema", new pb.GetSchemaRequest())).getSchema()).toBe('{"name":"mytpe"}');
    const checked = await call<InstanceType<typeof pb.CheckResponse>>(
      "checkConfig",
      new pb.CheckRequest().setUrn(PROVIDER_URN).setNews(struct({ apiKey: "k", apiUrl: "u" })),
    );
    expect(checked.getInputs()?.toJavaScript()).toEqual({ apiUrl: "u" });
  });

  it("checks, creates and diffs a link in the schema's names, its failures said in them", async () => {
    const news = { paymentInstanceId: sandbox.instances.ready, title: "Voucher", amountMode: "fixed", amount: 1000, usageMode: "reusable" };
    const failed = await call<InstanceType<typeof pb.CheckResponse>>(
      "check",
      new pb.CheckRequest()
        .setUrn(URN)
        .setOlds(struct({}))
        .setNews(struct({ ...news, usageMode: "limited" })),
    );
    expect(failed.getFailuresList().map((failure) => [failure.getProperty(), failure.getReason()])).toEqual([
      ["maxUses", "required when usageMode is limited"],
    ]);

    const checked = await call<InstanceType<typeof pb.CheckResponse>>("check", new pb.CheckRequest().setUrn(URN).setOlds(struct({})).setNews(struct(news)));
    const preview = await call<InstanceType<typeof pb.CreateResponse>>(
      "create",
      new pb.CreateRequest().setUrn(URN).setProperties(checked.getInputs()).setPreview(true),
    );
    expect([preview.getId(), sandbox.links().length]).toEqual(["", 0]);
    const created = await call<InstanceType<typeof pb.CreateResponse>>("create", new pb.CreateRequest().setUrn(URN).setProperties(checked.getInputs()));
    expect(created.getProperties()?.toJavaScript()).toMatchObject({ amountMode: "fixed", paidCount: 0, marker: URN });
    const diff = await call<InstanceType<typeof pb.DiffResponse>>(
      "diff",
      new pb.DiffRequest().setId(created.getId()).setUrn(URN).setOlds(created.getProperties()).setNews(checked.getInputs()),
    );
    expect(diff.getChanges()).toBe(pb.DiffResponse.DiffChanges.DIFF_NONE);
  });

  it("routes a read without properties (what `pulumi import` sends) to the provider, which reads the link", async () => {
    const [link] = sandbox.links();
    sandbox.resetRequests();
    const read = await call<InstanceType<typeof pb.ReadResponse>>("read", new pb.ReadRequest().setId(link!.id).setUrn(URN));
    expect(sandbox.requests.map((request) => request.route)).toContain("GET /links/{id}");
    expect([read.getId(), read.getProperties()?.toJavaScript()["title"]]).toEqual([link!.id, "Voucher"]);
  });

  it("says a provider's error as its message alone, with the gRPC status the engine reads", async () => {
    const error = await call<never>(
      "delete",
      new pb.DeleteRequest()
        .setId("5f0e4c1a-0000-4000-8000-000000000000")
        .setUrn(URN)
        .setProperties(struct({ title: "Gone", usageMode: "reusable" })),
    ).catch((caught: unknown) => caught as { code: number; details: string });
    expect(error).toMatchObject({ code: protos.grpc.status.UNKNOWN });
    expect(error.details).not.toMatch(/ at |\.ts:\d+/);
  });

  it("answers UNIMPLEMENTED for what it does not serve (DiffConfig: a changed provider replaces nothing)", async () => {
    const error = await call<never>("diffConfig", new pb.DiffRequest()).catch((caught: unknown) => caught as { code: number });
    expect(error.code).toBe(protos.grpc.status.UNIMPLEMENTED);
  });
});
