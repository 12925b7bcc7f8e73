// Runs inside the Pulumi provider host: the entry named by the `__provider` text stored in the state
// of every PaymentLink (`require("mytpe-links/provider/v1").handler()`, src/program/payment-link.ts).
// Protocol v1, a promise: state written with this text by any version of the package is read,
// refreshed, updated and destroyed by every later version, so this entry and the shape of what it
// reads never go away. CommonJS, because the host loads the stored text with `require`; the provider
// itself, an ES module, is loaded on the first call and shared by every call of the process.
import type { ConfigReader } from "./provider-settings.ts";
import type { PaymentLinkProvider } from "./payment-link-provider.ts";

type Props = Record<string, unknown>;

function handler() {
  let ready: Promise<PaymentLinkProvider> | undefined;
  const load = async (config: ConfigReader | undefined) => {
    const { PaymentLinkProvider } = await import("./payment-link-provider.ts");
    return new PaymentLinkProvider(config);
  };
  // The host keeps this object before `configure` has resolved: concurrent calls share `ready`.
  const provider = () => (ready ??= load(undefined));
  return {
    configure: async (req: { config: ConfigReader }) => {
      await (ready = load(req.config));
    },
    check: async (olds: Props, news: Props) => (await provider()).check(olds, news),
    diff: async (id: string, olds: Props, news: Props) => (await provider()).diff(id, olds, news),
    create: async (inputs: Props) => (await provider()).create(inputs),
    read: async (id: string, props: Props | undefined) => (await provider()).read(id, props ?? {}),
    update: async (id: string, olds: Props, news: Props) => (await provider()).update(id, olds, news),
    delete: async (id: string, props: Props) => (await provider()).delete(id, props),
  };
}

export = { handler };
