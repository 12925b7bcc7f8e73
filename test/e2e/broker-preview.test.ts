// A preview through the read-only broker, by the real Pulumi CLI and provider (issue 28): with the
// broker's credentials only, as a preview environment would hold them, the preview reads the live
// links through it and plans the change, and not one request it makes changes anything; an `up`
// with the same credentials changes no link. What `mytpe-links broker` offers the preview
// environments rests on this: a preview needs nothing but GETs.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBroker, type Broker } from "../../src/broker/broker-server.ts";
import { createE2eProject, linksYaml, type E2eProject } from "../harness/temp-project.ts";

// Measured on the 2-core test machine: setup ~15 s, each step 8–12 s.
const STEP = 40_000;
const SETUP = 60_000;
const CLIENT = { key: `mtk_live_${"c3".repeat(16)}`, secret: `mts_live_${"d4".repeat(16)}` };

describe("a preview through the read-only broker", () => {
  let project: E2eProject;
  let broker: Broker;
  const declare = (title: string) =>
    project.writeLinks(linksYaml(project.sandbox.instances.ready, { spring: { title, amount_mode: "fixed", amount: 1000, usage_mode: "reusable" } }));
  const throughBroker = () => ({ env: { MYTPE_API_URL: broker.url, MYTPE_API_KEY: CLIENT.key, MYTPE_API_SECRET: CLIENT.secret } });

  beforeAll(async () => {
    project = await createE2eProject();
    declare("Spring");
    await project.run(["up", "--yes"]);
    const { sandbox } = project;
    broker = await startBroker({
      upstream: new URL(sandbox.url),
      apiKey: sandbox.apiKey,
      apiSecret: sandbox.apiSecret,
      clientKey: CLIENT.key,
      clientSecret: CLIENT.secret,
      host: "127.0.0.1",
      port: 0,
      log: () => {},
    });
  }, SETUP);
  afterAll(async () => {
    await broker?.close();
    await project?.dispose();
  });

  it(
    "plans a change with the broker's credentials alone, reading through it, writing nothing",
    async () => {
      declare("Spring, extended");
      project.sandbox.resetRequests();
      const preview = await project.pulumi(["preview", "--json"], throughBroker());
      expect(preview.code, preview.stderr).toBe(0);
      const steps = (JSON.parse(preview.stdout) as { steps: { op: string; urn: string }[] }).steps.filter((step) => step.urn.endsWith("::spring"));
      expect(steps.map((step) => step.op)).toEqual(["update"]);
      expect(project.sandbox.requests.length).toBeGreaterThan(0);
      expect(project.sandbox.requests.filter((request) => request.method !== "GET")).toEqual([]);
    },
    STEP,
  );

  it(
    "changes no link when the same credentials try to apply",
    async () => {
      project.sandbox.resetRequests();
      const up = await project.pulumi(["up", "--yes"], throughBroker());
      expect(up.code).not.toBe(0);
      expect(up.stdout + up.stderr).toContain("This broker forwards only GET requests");
      expect(project.sandbox.requests.filter((request) => request.method !== "GET")).toEqual([]);
      expect(project.sandbox.links().map((link) => link.title)).toEqual(["Spring"]);
    },
    STEP,
  );
});
