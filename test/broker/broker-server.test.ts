// The read-only broker against the real sandbox (on a random port): what it forwards reaches the
// API with the keys only the broker holds; what it refuses never reaches the API at all (the
// sandbox's own record of requests says so); no answer carries a key; HTTPS with a certificate.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBroker, type Broker } from "../../src/broker/broker-server.ts";
import { startSandbox, type Sandbox } from "../../src/sandbox/server.ts";

const CLIENT = { key: `mtk_live_${"a1".repeat(16)}`, secret: `mts_live_${"b2".repeat(16)}` };

/** One raw request (the target sent as is, unlike fetch, which normalises it): status, headers, body. */
function call(url: string, method: string, target: string, headers: Record<string, string>, ca?: Buffer) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
    const { hostname, port, protocol } = new URL(url);
    const send = protocol === "https:" ? httpsRequest : httpRequest;
    const req = send({ hostname, port, method, path: target, headers, ...(ca ? { ca } : {}) }, (res) => {
      let body = "";
      res.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end(method === "GET" ? undefined : JSON.stringify({ title: "Forged", amount_mode: "fixed", amount: 1, usage_mode: "reusable" }));
  });
}

describe("the read-only broker in front of the API", () => {
  let sandbox: Sandbox;
  let broker: Broker;
  const logs: string[] = [];
  const asClient = { "x-api-key": CLIENT.key, "x-api-secret": CLIENT.secret, "content-type": "application/json" };
  const options = () => ({
    upstream: new URL(sandbox.url),
    apiKey: sandbox.apiKey,
    apiSecret: sandbox.apiSecret,
    clientKey: CLIENT.key,
    clientSecret: CLIENT.secret,
    host: "127.0.0.1",
    port: 0,
    log: (line: string) => logs.push(line),
  });

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, log: () => {} });
    broker = await startBroker(options());
    const created = await fetch(`${sandbox.url}/links`, {
      method: "POST",
      headers: { "x-api-key": sandbox.apiKey, "x-api-secret": sandbox.apiSecret, "content-type": "application/json" },
      body: JSON.stringify({ payment_instance_id: sandbox.instances.ready, title: "Spring", amount_mode: "fixed", amount: 1000, usage_mode: "reusable" }),
    });
    expect(created.status).toBe(201);
  });
  afterAll(async () => {
    await broker?.close();
    await sandbox?.close();
  });

  it("forwards a GET with the keys it holds, and answers as the API does", async () => {
    const direct = await fetch(`${sandbox.url}/links?per_page=100`, { headers: { "x-api-key": sandbox.apiKey, "x-api-secret": sandbox.apiSecret } });
    const brokered = await call(broker.url, "GET", "/links?per_page=100", asClient);
    expect(brokered.status).toBe(200);
    expect(brokered.headers["content-type"]).toMatch(/^application\/json/);
    expect(JSON.parse(brokered.body)).toEqual(await direct.json());
    expect(sandbox.requests.at(-1)).toMatchObject({ method: "GET", status: 200 });
  });

  it.each(["POST", "PUT", "PATCH", "DELETE"])("refuses %s before it reaches the API: no link is created or changed", async (method) => {
    const before = sandbox.requests.length;
    const links = sandbox.links().map((link) => ({ ...link }));
    const refused = await call(broker.url, method, method === "POST" ? "/links" : `/links/${links[0]!.id}`, asClient);
    expect(refused.status).toBe(405);
    expect(refused.headers["allow"]).toBe("GET");
    expect(JSON.parse(refused.body)).toMatchObject({ error: "METHOD_NOT_ALLOWED" });
    expect(sandbox.requests.length).toBe(before);
    expect(sandbox.links()).toEqual(links);
  });

  it("refuses a client without the broker's credentials, the MyTPE keys included, before it reaches the API", async () => {
    const before = sandbox.requests.length;
    for (const headers of [
      {},
      { "x-api-key": sandbox.apiKey, "x-api-secret": sandbox.apiSecret },
      { ...asClient, "x-api-secret": `mts_live_${"0".repeat(32)}` },
    ]) {
      expect((await call(broker.url, "GET", "/links", headers)).status).toBe(401);
    }
    expect(sandbox.requests.length).toBe(before);
  });

  it("refuses a target that leaves the API's base path, before it reaches the API", async () => {
    const before = sandbox.requests.length;
    for (const target of ["/../sandbox/links", "/%2e%2e/sandbox/faults", "//127.0.0.1/api/ext/links"])
      expect((await call(broker.url, "GET", target, asClient)).status).toBe(400);
    expect(sandbox.requests.length).toBe(before);
  });

  it("puts no key in an answer or a log line, even when the API cannot be reached", async () => {
    const down = await startBroker({ ...options(), upstream: new URL("http://127.0.0.1:9/api/ext") });
    try {
      const failed = await call(down.url, "GET", "/links", asClient);
      expect(failed.status).toBe(502);
      expect(JSON.parse(failed.body)).toMatchObject({ error: "BAD_GATEWAY" });
    } finally {
      await down.close();
    }
    const everything = [
      JSON.stringify(logs),
      ...(await Promise.all(["/links", "/me"].map(async (target) => (await call(broker.url, "GET", target, asClient)).body))),
    ].join("\n");
    for (const secret of [sandbox.apiKey, sandbox.apiSecret, CLIENT.secret]) expect(everything).not.toContain(secret);
    expect(logs).toContainEqual(expect.stringMatching(/^broker: POST \/links → 405 refused \(\d+ ms\)$/));
  });

  it("serves HTTPS with the certificate it is given", async () => {
    const dir = mkdtempSync(join(tmpdir(), "broker-tls-"));
    try {
      execFileSync(
        "openssl",
        [
          "req",
          "-x509",
          "-newkey",
          "rsa:2048",
          "-nodes",
          "-keyout",
          join(dir, "key.pem"),
          "-out",
          join(dir, "cert.pem"),
          "-days",
          "1",
          "-subj",
          "/CN=127.0.0.1",
          "-addext",
          "subjectAltName=IP:127.0.0.1",
        ],
        { stdio: "ignore" },
      );
      const cert = readFileSync(join(dir, "cert.pem"));
      const tls = await startBroker({ ...options(), tls: { cert, key: readFileSync(join(dir, "key.pem")) } });
      try {
        expect(tls.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
        expect((await call(tls.url, "GET", "/me", asClient, cert)).status).toBe(200);
      } finally {
        await tls.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
