// Runs inside the Pulumi provider host: the entry named by the `__provider` text stored in the state
// of every PaymentLink (`require("mytpe-links/provider/v1").handler()`, protocol.ts).
// Protocol v1, a promise: state written with this text by any version of the package is read,
// refreshed, updated and destroyed by every later version, so this entry and the shape of what it
// reads never go away. CommonJS, because the host loads the stored text with `require`; the provider
// itself, an ES module, is loaded on the first call and shared by every call of the process.
import type { ConfigReader } from "./provider-settings.ts";
import type { PaymentLinkProvider } from "./payment-link-provider.ts";

type Props = Record<string, unknown>;

/**
 * Ends the `stack` of every error the provider throws. The host prints `${e}: ${e.stack}` on its
 * stderr for a failed check, diff, read or delete, then hands the engine `e.message`, which the
 * engine prints under the link: the same message twice, with a stack trace into this package.
 * That stderr line is dropped (installSaidOnce); the engine's one is the message alone.
 */
const SAID_ONCE = "\u2063mytpe-links: said once";

function installSaidOnce(): void {
  const print = console.error.bind(console);
  console.error = (...args: unknown[]) => {
    if (args.length === 1 && typeof args[0] === "string" && args[0].endsWith(SAID_ONCE)) return;
    print(...args);
  };
}

/** The error as the engine will say it: its message (and the fields create's callers read). */
function saidOnce(error: unknown): Error {
  const said = error instanceof Error ? error : new Error(String(error));
  Object.defineProperty(said, "stack", { value: SAID_ONCE, configurable: true, writable: true });
  return said;
}

function handler() {
  let ready: Promise<PaymentLinkProvider> | undefined;
  const load = async (config: ConfigReader | undefined) => {
    const { PaymentLinkProvider } = await import("./payment-link-provider.ts");
    return new PaymentLinkProvider(config);
  };
  // The host keeps this object before `configure` has resolved: concurrent calls share `ready`.
  const provider = () => (ready ??= load(undefined));
  const call = async <T,>(run: (p: PaymentLinkProvider) => Promise<T>): Promise<T> => {
    try {
      return await run(await provider());
    } catch (error) {
      throw saidOnce(error);
    }
  };
  return {
    configure: async (req: { config: ConfigReader }) => {
      await (ready = load(req.config));
    },
    check: (olds: Props, news: Props) => call((p) => p.check(olds, news)),
    diff: (id: string, olds: Props, news: Props) => call((p) => p.diff(id, olds, news)),
    create: (inputs: Props) => call((p) => p.create(inputs)),
    read: (id: string, props: Props | undefined) => call((p) => p.read(id, props ?? {})),
    update: (id: string, olds: Props, news: Props) => call((p) => p.update(id, olds, news)),
    delete: (id: string, props: Props) => call((p) => p.delete(id, props)),
  };
}

installSaidOnce();

// `saidOnce` also serves the plugin entry (src/plugin/), so an error is said the same way from both.
export = { handler, saidOnce };
