// The v1 entry as the dynamic-provider host uses it: one handler per stored provider text (the v0
// path-walking text and the v1 text in one run), all sharing one provider, so one pacer, one pool
// and one run's listings; and the host's own line for a failed call dropped, nothing else.
import { createRequire } from "node:module";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "../../src/sandbox/server.ts";

const SLOT = Symbol.for("mytpe-links/provider/v1");

type Props = Record<string, unknown>;
/** The entry as built (`npm run build`), as the host requires it: a CommonJS module. */
const v1 = createRequire(import.meta.url)("../../dist/provider/v1.cjs") as {
  handler(): {
    configure(req: { config: { get(key: string): string | undefined } }): Promise<void>;
    read(id: string, props: Props): Promise<{ id: string; props: Props }>;
  };
};

describe("the v1 entry", () => {
  let sandbox: Sandbox;
  beforeEach(async () => {
    sandbox = await startSandbox({ port: 0, log: () => {} });
  });
  afterEach(async () => {
    delete (globalThis as unknown as Record<symbol, unknown>)[SLOT];
    await sandbox.close();
  });

  const configured = async () => {
    const config = new Map([
      ["mytpe:apiUrl", sandbox.url],
      ["mytpe:apiKey", sandbox.apiKey],
      ["mytpe:apiSecret", sandbox.apiSecret],
    ]);
    const handler = v1.handler();
    await handler.configure({ config: { get: (key: string) => config.get(key) } });
    return handler;
  };

  it("gives the handlers of two stored texts one provider: their reads share one listing", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const response = await fetch(`${sandbox.url}/links`, {
        method: "POST",
        headers: { "x-api-key": sandbox.apiKey, "x-api-secret": sandbox.apiSecret, "content-type": "application/json" },
        body: JSON.stringify({ payment_instance_id: sandbox.instances.ready, title: `Link ${i}`, amount_mode: "open", usage_mode: "reusable" }),
      });
      ids.push(((await response.json()) as { data: { id: string } }).data.id);
    }
    const [v0Text, v1Text] = [await configured(), await configured()];
    sandbox.resetRequests();
    const props = { payment_instance_id: sandbox.instances.ready, title: "Link" };
    const reads = ids.map((id, i) => (i % 2 === 0 ? v0Text : v1Text).read(id, props));
    expect((await Promise.all(reads)).map((read) => read.id)).toEqual(ids);
    expect(sandbox.requests.filter((request) => request.route === "GET /links")).toHaveLength(1);
  });

  it("drops only the host's line for a failed read, and leaves console.error as it was", async () => {
    const handler = await configured();
    const original = console.error;
    const printed: unknown[][] = [];
    console.error = (...args: unknown[]) => void printed.push(args);
    const print = console.error;
    try {
      const error = (await handler.read("x", { title: "T" }).catch((caught: unknown) => caught)) as Error;
      expect(console.error).not.toBe(print);
      // What the host does with it:
      console.error(`${String(error)}: ${error.stack}`);
      console.error("another line");
      expect(printed).toEqual([["another line"]]);
      expect(console.error).toBe(print);
    } finally {
      console.error = original;
    }
  });
});
