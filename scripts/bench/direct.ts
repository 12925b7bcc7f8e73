// The floor `pulumi up` is measured against: the same links brought live by a plain script that
// calls the API directly — through the provider's own client and transport, with the same
// concurrency and the same request bodies (mark included) — POST /links then publish for each,
// every link started at once and the pacer bounding what is in flight.
import { join } from "node:path";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { apiRequest } from "../../src/provider/api-client.ts";
import { createTransport } from "../../src/provider/api-transport.ts";
import { createBody } from "../../src/provider/link-diff.ts";
import { withMarker } from "../../src/provider/link-marker.ts";
import { urnOf } from "../../src/link/urn.ts";
import { PAYMENT_LINK_TYPE } from "../../src/provider/protocol.ts";
import { checkLink } from "../../src/link/link-check.ts";
import type { Link, LinkBody } from "../../src/link/link.ts";
import { startSandbox } from "../../src/sandbox/server.ts";
import { countCalls, type CallCount } from "./calls.ts";

export interface DirectResult {
  ms: number;
  calls: CallCount;
}

/** Brings `declared` live on a fresh sandbox (with `latencyMs` added per request) and times it. */
export async function directRun(
  declared: Record<string, Record<string, unknown>>,
  options: { latencyMs: number; concurrency: number; persist: boolean },
): Promise<DirectResult> {
  const dir = mkdtempSync(join(tmpdir(), "mytpe-bench-direct-"));
  const sandbox = await startSandbox({ port: 0, log: () => {}, ...(options.persist ? { statePath: join(dir, "sandbox-state.json") } : {}) });
  const transport = await createTransport({ concurrency: options.concurrency });
  try {
    sandbox.setFaults({ latency_ms: options.latencyMs });
    const config = { apiUrl: sandbox.url, apiKey: sandbox.apiKey, apiSecret: sandbox.apiSecret, ...transport };
    const bodies = Object.entries(declared).map(([name, fields]) => {
      const checked = checkLink({ payment_instance_id: sandbox.instances.ready, ...fields });
      if (!checked.ok) throw new Error(`bench link ${name}: ${checked.problems.map((problem) => problem.message).join("; ")}`);
      const body: LinkBody = {
        ...createBody(checked.spec),
        metadata: withMarker(checked.spec.metadata, urnOf("test", "mytpe-links", PAYMENT_LINK_TYPE, name)),
      };
      return { name, body };
    });
    sandbox.resetRequests();
    const start = performance.now();
    await Promise.all(
      bodies.map(async ({ name, body }) => {
        const made = await apiRequest<{ data: Link }>(config, { operation: "create payment link", link: name }, "POST", "/links", body);
        await apiRequest(config, { operation: "publish payment link", link: name }, "POST", `/links/${made.data.id}/publish`, undefined, { retryable: true });
      }),
    );
    const ms = performance.now() - start;
    return { ms, calls: countCalls(sandbox.requests) };
  } finally {
    await transport.dispatcher.close();
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
