// Starts a real sandbox on a random port with a temp state file and a controllable clock, and
// offers a tiny fetch wrapper. Shared by the sandbox tests (not a test file itself).

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Link } from "../../src/sandbox/link.ts";
import type { Layer } from "../../src/sandbox/pipeline.ts";
import { startSandbox, type Sandbox } from "../../src/sandbox/server.ts";

/** Every shape a sandbox JSON answer can take, loosely typed for assertions. */
export type ResponseBody = {
  data?: unknown;
  error?: string;
  message?: string;
  errors?: Record<string, string[]>;
  links?: { first: string; last: string; prev: string | null; next: string | null };
  meta?: { current_page: number; from: number | null; to: number | null; per_page: number; last_page: number; total: number };
};

export type Reply = { status: number; body: ResponseBody; headers: Headers; text: string };

export type Harness = {
  sandbox: Sandbox;
  dir: string;
  statePath: string;
  /** Current sandbox time. */
  now(): Date;
  /** Moves the sandbox clock forward. */
  advance(ms: number): void;
  api(method: string, path: string, body?: unknown, init?: { headers?: Record<string, string>; raw?: string }): Promise<Reply>;
  createLink(fields?: Record<string, unknown>): Promise<Link>;
  createActive(fields?: Record<string, unknown>): Promise<Link>;
  pay(id: string, body?: Record<string, unknown>): Promise<Reply>;
  /** Closes the sandbox (state kept on disk) and starts another one on the same state file. */
  restart(): Promise<void>;
  stop(): Promise<void>;
};

export const START = new Date("2026-05-01T08:00:00.000Z");

export async function startHarness(options: { layers?: readonly Layer[]; log?: (line: string) => void } = {}): Promise<Harness> {
  const dir = await mkdtemp(join(tmpdir(), "mytpe-sandbox-"));
  const statePath = join(dir, "nested", "state.json");
  let now = new Date(START);
  const start = (): Promise<Sandbox> =>
    startSandbox({
      port: 0,
      statePath,
      now: () => now,
      ...(options.layers ? { layers: options.layers } : {}),
      ...(options.log ? { log: options.log } : {}),
    });
  let sandbox = await start();

  const api: Harness["api"] = async (method, path, body, init = {}) => {
    const headers: Record<string, string> = {
      "x-api-key": sandbox.apiKey,
      "x-api-secret": sandbox.apiSecret,
      accept: "application/json",
      ...init.headers,
    };
    let payload: string | undefined = init.raw;
    if (body !== undefined) payload = JSON.stringify(body);
    if (payload !== undefined) headers["content-type"] = "application/json";
    const url = path.startsWith("http") ? path : `${sandbox.url}${path}`;
    const res = await fetch(url, { method, headers, ...(payload === undefined ? {} : { body: payload }) });
    const text = await res.text();
    let parsed: ResponseBody = {};
    if ((res.headers.get("content-type") ?? "").includes("json")) parsed = JSON.parse(text) as ResponseBody;
    return { status: res.status, body: parsed, headers: res.headers, text };
  };

  const harness: Harness = {
    get sandbox() {
      return sandbox;
    },
    dir,
    statePath,
    now: () => now,
    advance: (ms) => {
      now = new Date(now.getTime() + ms);
    },
    api,
    createLink: async (fields = {}) => {
      const reply = await api("POST", "/links", {
        payment_instance_id: sandbox.instances.ready,
        title: "Spring voucher",
        amount_mode: "fixed",
        amount: 4500,
        usage_mode: "reusable",
        ...fields,
      });
      if (reply.status !== 201) throw new Error(`create failed: ${reply.status} ${reply.text}`);
      return reply.body.data as Link;
    },
    createActive: async (fields = {}) => {
      const link = await harness.createLink(fields);
      const reply = await api("POST", `/links/${link.id}/publish`);
      if (reply.status !== 200) throw new Error(`publish failed: ${reply.status} ${reply.text}`);
      return reply.body.data as Link;
    },
    pay: (id, body = {}) => api("POST", `/sandbox/links/${id}/pay`, body),
    restart: async () => {
      await sandbox.close();
      sandbox = await start();
    },
    stop: async () => {
      await sandbox.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return harness;
}

/** The link inside a `{data: link}` answer. */
export function linkOf(reply: Reply): Link {
  return reply.body.data as Link;
}
