// The Sandbox handle that tests and the CLI get back from startSandbox (server.ts): the running
// sandbox's address, its traders' keys, and what it saw and holds.
import type { Server } from "node:http";
import type { FaultConfig } from "./fault-config.ts";
import type { Faults, FaultState } from "./faults.ts";
import { settleAll, type RequestStats } from "./handlers.ts";
import type { Link } from "./link.ts";
import type { Transaction } from "./payments.ts";
import { API_PREFIX, PAY_PREFIX } from "./router.ts";
import type { Form, PaymentInstance } from "./seed.ts";
import type { Store } from "./store.ts";
import { SANDBOX_TRADERS } from "./traders.ts";

/** One request as the sandbox saw it; `route` is the route kind, null when nothing matched. */
export type RecordedRequest = { method: string; path: string; route: string | null; status: number };

/** A running sandbox. */
export type Sandbox = {
  /** Base URL of the API, `http://127.0.0.1:PORT/api/ext`. */
  url: string;
  /** Base URL of the public payment pages, `http://127.0.0.1:PORT/pay`. */
  payUrl: string;
  apiKey: string;
  apiSecret: string;
  instances: { ready: string; pending: string };
  forms: { published: string; draft: string };
  /** A second trader: its own keys, instance and form; it sees none of the above, nor they its. */
  otherTrader: { apiKey: string; apiSecret: string; instances: { ready: string }; forms: { published: string } };
  /** Every request answered so far, in order (live array; `status` 0 means dropped). */
  requests: readonly RecordedRequest[];
  /** All links of the trader, archived ones included, with expiry applied. */
  links(): Link[];
  /** All simulated payments. */
  transactions(): Transaction[];
  /** Counts of `requests` by route kind and method (same as `GET /sandbox/stats`). */
  stats(): RequestStats;
  /** Forgets recorded requests, e.g. after a test's setup. */
  resetRequests(): void;
  /** Changes a seeded instance, e.g. to test publishing under an instance that is no longer ready. */
  updateInstance(id: string, patch: Partial<Pick<PaymentInstance, "acceptance_status" | "status">>): void;
  /** Changes a seeded form, e.g. to archive it. */
  updateForm(id: string, patch: Partial<Pick<Form, "status">>): void;
  /** Replaces the injected faults (same as `PUT /sandbox/faults`); resets the PRNG, counters and rate-limit windows. Throws on an invalid config. */
  setFaults(config: FaultConfig): void;
  /** The active fault config and how many faults of each kind were injected (same as `GET /sandbox/faults`). */
  faults(): FaultState;
  /** Stops listening, cuts open connections and writes the state file. */
  close(): Promise<void>;
};

/** What the request pipeline of one running sandbox shares; `origin` is set once it listens. */
export type SandboxContext = {
  store: Store;
  clock: () => string;
  log: (line: string) => void;
  requests: RecordedRequest[];
  faults: Faults;
  origin: string;
};

export function countRequests(requests: readonly RecordedRequest[]): RequestStats {
  const byRoute: Record<string, number> = {};
  const byMethod: Record<string, number> = {};
  for (const r of requests) {
    const route = r.route ?? "unmatched";
    byRoute[route] = (byRoute[route] ?? 0) + 1;
    byMethod[r.method] = (byMethod[r.method] ?? 0) + 1;
  }
  return { total: requests.length, by_route: byRoute, by_method: byMethod };
}

/** The Sandbox handle over a listening server. */
export function sandboxHandle(context: SandboxContext, server: Server): Sandbox {
  const { store, clock, requests, faults, origin } = context;
  return {
    url: `${origin}${API_PREFIX}`,
    payUrl: `${origin}${PAY_PREFIX}`,
    ...SANDBOX_TRADERS,
    requests,
    links: () => {
      const links = settleAll(store, clock());
      store.flush();
      return structuredClone(links);
    },
    transactions: () => structuredClone(store.state.transactions),
    stats: () => countRequests(requests),
    resetRequests: () => {
      requests.length = 0;
    },
    setFaults: (config) => faults.set(config),
    faults: () => faults.state(),
    updateInstance: (id, patch) => {
      const instance = store.instance(id);
      if (instance === undefined) throw new Error(`No sandbox payment instance ${id}.`);
      Object.assign(instance, patch, { updated_at: clock() });
      store.markDirty();
      store.flush();
    },
    updateForm: (id, patch) => {
      const form = store.form(id);
      if (form === undefined) throw new Error(`No sandbox form ${id}.`);
      Object.assign(form, patch, { updated_at: clock() });
      store.markDirty();
      store.flush();
    },
    close: async () => {
      const closed = new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
      server.closeAllConnections();
      await closed;
      store.flush();
    },
  };
}
