// The process's transport against the sandbox on a random port: how a call rides out a
// rate-limited API — a 429 proves nothing was applied, so every request, creates included, waits
// and tries again — within bounds: a capped Retry-After, one deadline for the whole call, and
// never more requests in flight than allowed.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { apiRequest, type ApiConfig } from "../../src/provider/api-client.ts";
import { createTransport, Pacer } from "../../src/provider/api-transport.ts";
import { jsonResponse, type Layer } from "../../src/sandbox/pipeline.ts";
import { startSandbox, type Sandbox } from "../../src/sandbox/server.ts";

const CREATE = { operation: "create payment link", link: "Voucher" };

describe("the transport against a rate-limited API", () => {
  let sandbox: Sandbox;
  let layer: Layer | undefined;

  beforeEach(async () => {
    layer = undefined;
    sandbox = await startSandbox({ port: 0, log: () => {}, layers: [(req, next) => (layer ? layer(req, next) : next(req))] });
  });
  afterEach(async () => sandbox.close());

  const config = async (overrides: Partial<ApiConfig> = {}, concurrency = 8): Promise<ApiConfig> => {
    const { dispatcher, pacer } = await createTransport({ concurrency, minBackoffMs: 5, maxBackoffMs: 20 });
    return { apiUrl: sandbox.url, apiKey: sandbox.apiKey, apiSecret: sandbox.apiSecret, dispatcher, pacer, ...overrides };
  };
  const body = () => ({ payment_instance_id: sandbox.instances.ready, title: "Voucher", amount_mode: "fixed", amount: 100, usage_mode: "reusable" });
  const posts = () => sandbox.requests.filter((request) => request.route === "POST /links");
  const throttle = (times: number, retryAfter: string): Layer => {
    let left = times;
    return async (req, next) => {
      if (req.method === "POST" && left > 0) {
        left--;
        return jsonResponse(429, { error: "TOO_MANY_REQUESTS", message: "Too many requests." }, { "retry-after": retryAfter });
      }
      return next(req);
    };
  };

  it("retries a create answered 429 after the Retry-After, and creates the link once", async () => {
    layer = throttle(2, "0");
    const answer = await apiRequest<{ data: { id: string } }>(await config(), CREATE, "POST", "/links", body());

    expect(sandbox.links().map((link) => link.id)).toEqual([answer.data.id]);
    expect(posts().map((request) => request.status)).toEqual([429, 429, 201]);
  });

  it("fails at once, naming the limit, a 429 whose Retry-After is longer than it waits", async () => {
    layer = throttle(1, "3600");
    const error = (await apiRequest(await config(), CREATE, "POST", "/links", body()).catch((caught: unknown) => caught)) as Error;

    expect(error.message).toBe(
      'create payment link "Voucher" failed: the MyTPE API is rate limiting and asked to wait 3600 s before the next request (Retry-After), ' +
        "longer than the 60 s mytpe-links waits at most; nothing was applied: run again later [HTTP 429 RETRY_AFTER_TOO_LONG, POST /links]",
    );
    expect(posts()).toHaveLength(1);
    expect(sandbox.links()).toEqual([]);
  });

  it("caps a Retry-After given as an HTTP date an hour ahead, as from a skewed clock", async () => {
    layer = throttle(1, new Date(Date.now() + 3_600_000).toUTCString());
    const error = (await apiRequest(await config(), CREATE, "POST", "/links", body()).catch((caught: unknown) => caught)) as Error;
    expect(error.message).toContain("longer than the 60 s mytpe-links waits at most");
    expect(posts()).toHaveLength(1);
  });

  it("counts the wait for the rate limit in the call's deadline", async () => {
    const api = await config({ timeoutMs: 200 });
    api.pacer?.holdFor(30_000);
    const error = (await apiRequest(api, { operation: "read payment link" }, "GET", "/me").catch((caught: unknown) => caught)) as Error & { code: string };

    expect(error.code).toBe("TIMEOUT");
    expect(error.message).toContain("no answer within 200 ms (waiting for the API's rate limit or for other requests to finish)");
    expect(sandbox.requests).toEqual([]);
  });

  it("never has more requests in flight at the API than its concurrency", async () => {
    let inFlight = 0;
    let most = 0;
    layer = async (req, next) => {
      most = Math.max(most, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, 10));
      try {
        return await next(req);
      } finally {
        inFlight--;
      }
    };
    const api = await config({}, 3);
    await Promise.all(Array.from({ length: 30 }, () => apiRequest(api, { operation: "read" }, "GET", "/me")));

    expect(most).toBe(3);
    expect(sandbox.requests).toHaveLength(30);
  });
});

describe("the pacer", () => {
  it("keeps a request that arrives between a release and the woken waiter from exceeding the concurrency", async () => {
    const pacer = new Pacer(1);
    const releaseFirst = await pacer.acquire();
    const waiter = pacer.acquire();
    releaseFirst();
    // Arrives before the woken waiter has run: takes the free slot.
    const releaseLate = await pacer.acquire();
    await new Promise((resolve) => setImmediate(resolve));
    expect(pacer.active).toBe(1);

    releaseLate();
    const releaseWaiter = await waiter;
    expect(pacer.active).toBe(1);
    releaseWaiter();
    expect(pacer.active).toBe(0);
  });

  it("drops a waiter that gave up, so the next release wakes a waiter still waiting", async () => {
    const pacer = new Pacer(1);
    const releaseFirst = await pacer.acquire();
    const giveUp = new AbortController();
    const gaveUp = pacer.acquire(giveUp.signal);
    const live = pacer.acquire();
    giveUp.abort(new Error("deadline"));
    await expect(gaveUp).rejects.toThrow("deadline");

    releaseFirst();
    const woken = await Promise.race([live.then(() => "woken"), new Promise((resolve) => setTimeout(() => resolve("asleep"), 200))]);
    expect(woken).toBe("woken");
    expect(pacer.active).toBe(1);
  });

  it("never wakes a waiter whose deadline had already passed when it asked", async () => {
    const pacer = new Pacer(1);
    const release = await pacer.acquire();
    await expect(pacer.acquire(AbortSignal.abort(new Error("too late")))).rejects.toThrow("too late");
    const live = pacer.acquire();
    release();
    await live;
    expect(pacer.active).toBe(1);
  });
});
