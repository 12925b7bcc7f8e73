// An HTTP forwarder in front of the sandbox, one per runner (or per stack), that records the API
// calls going through it. Several runners share one sandbox, as they share the real API; the
// proxy is how a test tells which runner made which call — e.g. that the runner which lost the
// stack's lock wrote nothing.
import { Agent, createServer, request } from "node:http";
import type { AddressInfo } from "node:net";

export interface ProxiedCall {
  method: string;
  path: string;
  status: number;
}

export interface ApiProxy {
  /** The API's base URL through the proxy (same path as the target's): give it as MYTPE_API_URL. */
  url: string;
  /** Every call answered so far, in order (live array). */
  calls: readonly ProxiedCall[];
  /** Calls that change something (anything but GET). */
  writes(): ProxiedCall[];
  /** Forgets the calls so far, e.g. after a test's setup. */
  reset(): void;
  close(): Promise<void>;
}

/** Starts a proxy on a free loopback port to `target` (the sandbox's API URL). */
export async function startApiProxy(target: string): Promise<ApiProxy> {
  const upstream = new URL(target);
  const agent = new Agent({ keepAlive: true });
  const calls: ProxiedCall[] = [];
  const server = createServer((req, res) => {
    const forward = request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers, agent }, (answer) => {
      calls.push({ method: req.method ?? "GET", path: (req.url ?? "").split("?")[0] ?? "", status: answer.statusCode ?? 0 });
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    forward.on("error", () => {
      // The sandbox cut the connection (a fault it was asked to inject): cut ours too.
      calls.push({ method: req.method ?? "GET", path: (req.url ?? "").split("?")[0] ?? "", status: 0 });
      res.destroy();
    });
    req.pipe(forward);
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${upstream.pathname}`,
    calls,
    writes: () => calls.filter((call) => call.method !== "GET"),
    reset: () => {
      calls.length = 0;
    },
    async close() {
      server.closeAllConnections();
      agent.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
