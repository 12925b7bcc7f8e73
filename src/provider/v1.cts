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
 * Ends the `stack` of the errors the host prints. For a failed check, diff, read or delete the host
 * prints `${e}: ${e.stack}` on its stderr, then hands the engine `e.message`, which the engine
 * prints under the link: the same message twice, with a stack trace into this package. Only those
 * four calls are printed so; for each error of theirs one host line is expected, and dropped when
 * it comes (it follows the failed call at once). console.error is wrapped only while such a line is
 * still to come, and passes every other line through.
 */
const SAID_ONCE = "\u2063mytpe-links: said once";

/** How long a host line is waited for before the wrapper gives up on it. */
const HOST_LINE_MS = 2_000;

/** What one provider process shares, whatever stored text (v0 shim, v1) loaded this entry. */
interface Shared {
  /** The provider: one per process, so the request pacer and the connection pool are shared. */
  ready?: Promise<PaymentLinkProvider>;
  /** Host lines still to come, oldest first, each with its give-up timer. */
  expected: NodeJS.Timeout[];
  /** console.error as it was before the wrapper. */
  print?: typeof console.error;
}

/** Keyed on globalThis: two copies of this entry in one process (a v0 shim resolving another copy of the package) share it too. */
function shared(): Shared {
  const key = Symbol.for("mytpe-links/provider/v1");
  const slot = globalThis as unknown as Record<symbol, Shared | undefined>;
  slot[key] ??= { expected: [] };
  return slot[key];
}

/** Expects the host's line for one error, and drops it when it comes. */
function expectHostLine(state: Shared): void {
  if (state.expected.length === 0) {
    const print = console.error;
    state.print = print;
    console.error = (...args: unknown[]) => {
      if (args.length === 1 && typeof args[0] === "string" && args[0].endsWith(SAID_ONCE)) hostLineCame(state, state.expected[0]);
      else print(...args);
    };
  }
  const timer: NodeJS.Timeout = setTimeout(() => hostLineCame(state, timer), HOST_LINE_MS);
  timer.unref();
  state.expected.push(timer);
}

function hostLineCame(state: Shared, timer: NodeJS.Timeout | undefined): void {
  const at = timer === undefined ? -1 : state.expected.indexOf(timer);
  if (at === -1) return;
  clearTimeout(timer);
  state.expected.splice(at, 1);
  if (state.expected.length === 0 && state.print) {
    console.error = state.print;
    delete state.print;
  }
}

/** The error as the engine will say it: its message (and the fields create's callers read). */
function saidOnce(error: unknown, printedByHost: boolean): Error {
  const said = error instanceof Error ? error : new Error(String(error));
  if (!printedByHost) return said;
  Object.defineProperty(said, "stack", { value: SAID_ONCE, configurable: true, writable: true });
  expectHostLine(shared());
  return said;
}

function handler() {
  const state = shared();
  const load = async (config: ConfigReader | undefined) => {
    const { PaymentLinkProvider } = await import("./payment-link-provider.ts");
    return new PaymentLinkProvider(config);
  };
  // The host keeps this object before `configure` has resolved: concurrent calls share `ready`.
  // The first stored text configured makes the process's provider; later ones (v0 and v1 state in
  // one run) use it, with the same stack config.
  const provider = () => (state.ready ??= load(undefined));
  const call = async <T,>(run: (p: PaymentLinkProvider) => Promise<T>, printedByHost = true): Promise<T> => {
    try {
      return await run(await provider());
    } catch (error) {
      throw saidOnce(error, printedByHost);
    }
  };
  return {
    configure: async (req: { config: ConfigReader }) => {
      state.ready ??= load(req.config);
      await state.ready;
    },
    check: (olds: Props, news: Props) => call((p) => p.check(olds, news)),
    diff: (id: string, olds: Props, news: Props) => call((p) => p.diff(id, olds, news)),
    create: (inputs: Props) => call((p) => p.create(inputs), false),
    read: (id: string, props: Props | undefined) => call((p) => p.read(id, props ?? {})),
    update: (id: string, olds: Props, news: Props) => call((p) => p.update(id, olds, news), false),
    delete: (id: string, props: Props) => call((p) => p.delete(id, props)),
  };
}

// `saidOnce` also serves the plugin entry (src/plugin/): its server prints the same host line for
// the same four calls, so an error is said once the same way from both.
export = { handler, saidOnce };
