// The package in an existing TypeScript Pulumi program (`pulumi new typescript`'s layout) that
// declares a link with `new PaymentLink(...)` in index.ts: installed from the packed tarball outside
// the repository, run by the real Pulumi CLI (whose ts-node type-checks index.ts against the
// package's types, CommonJS requiring the ES module package) against the sandbox.
import { realpathSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTypeScriptProject, linkNamed, type TypeScriptProject } from "./typescript-project.ts";
import { stepTimeout } from "../harness/step-timeout.ts";

const INSTALL = 5 * 60_000;
const STEP = stepTimeout(67_000);

const INDEX_TS = `import * as pulumi from "@pulumi/pulumi";
import { PaymentLink } from "mytpe-links";

const config = new pulumi.Config();
const instance = config.require("instance");
const voucher = new PaymentLink("voucher", {
  payment_instance_id: instance,
  title: "Voucher",
  amount_mode: "fixed",
  amount: config.getNumber("amount") ?? 1000,
  usage_mode: "reusable",
  metadata: { campaign: "existing-program" },
});
const poster = new PaymentLink("poster", {
  payment_instance_id: instance,
  title: config.get("posterTitle") ?? "Poster",
  amount_mode: "fixed",
  amount: 500,
  usage_mode: "limited",
  max_uses: 100,
});

export const urls = { voucher: voucher.url, poster: poster.url };
export const status = voucher.status;
`;

describe("an existing TypeScript program with new PaymentLink(...)", () => {
  let project: TypeScriptProject;
  const stackWithLink = async (stack: string, name = "voucher") => {
    await project.initStack(stack, { instance: project.sandbox.instances.ready });
    await project.up(stack);
    return linkNamed(await project.links(stack), name);
  };

  beforeAll(async () => {
    project = await createTypeScriptProject("existing-ts", INDEX_TS);
  }, INSTALL);
  afterAll(async () => project?.dispose());

  it(
    "previews, then creates the links: index.ts type-checks against the package's types, with no warning",
    async () => {
      await project.initStack("create", { instance: project.sandbox.instances.ready });
      const preview = await project.pulumi(["preview", "--stack", "create"]);
      expect(preview.stdout).toMatch(/\+\s+pulumi-nodejs:dynamic\/mytpe:PaymentLink\s+voucher\s+create/);
      expect(preview.stdout).toMatch(/\+ 3 to create/);
      expect(project.sandbox.links()).toEqual([]);

      const up = await project.up("create");
      // Node prints its warnings as "(node:PID) ExperimentalWarning: ..." (require() of an ES module on some versions).
      for (const output of [preview, up]) expect(`${output.stdout}${output.stderr}`).not.toMatch(/\(node:\d+\)|\w+Warning:/);
      const link = linkNamed(await project.links("create"), "voucher");
      const live = project.live(link.id);
      expect(live.status).toBe("active");
      expect(live.amount).toBe("1000.00");
      const poster = project.live(linkNamed(await project.links("create"), "poster").id);
      expect(await project.outputs("create")).toEqual({
        urls: { voucher: `${project.sandbox.payUrl}/${live.slug}`, poster: `${project.sandbox.payUrl}/${poster.slug}` },
        status: "active",
      });
    },
    STEP,
  );

  it(
    "refuses, before any API call, an index.ts whose link does not type-check",
    async () => {
      project.write("index.ts", INDEX_TS.replace('usage_mode: "reusable"', 'usage_mode: "reusabel"'));
      try {
        await project.initStack("typo", { instance: project.sandbox.instances.ready });
        const requests = project.sandbox.requests.length;
        const preview = await project.exec("pulumi", ["preview", "--stack", "typo", "--non-interactive"]);
        expect(preview.code).not.toBe(0);
        expect(preview.stdout).toMatch(/index\.ts\(\d+,\d+\): error TS\d+: Type '"reusabel"' is not assignable/);
        expect(project.sandbox.requests.length).toBe(requests);
      } finally {
        project.write("index.ts", INDEX_TS);
      }
    },
    STEP,
  );

  it(
    "changes a title in place (same link, same URL) and replaces a paid link whose price changes (new link and URL, the paid one archived)",
    async () => {
      const poster = await stackWithLink("change", "poster");
      const paid = linkNamed(await project.links("change"), "voucher");
      const before = (await project.outputs("change"))["urls"] as Record<string, string>;
      await project.pay(paid.id);

      await project.setConfig("change", "posterTitle", "Poster, renamed");
      await project.setConfig("change", "amount", "1500");
      await project.up("change");

      const links = await project.links("change");
      const after = (await project.outputs("change"))["urls"] as Record<string, string>;
      expect(linkNamed(links, "poster").id).toBe(poster.id);
      expect(project.live(poster.id).title).toBe("Poster, renamed");
      expect(after["poster"]).toBe(before["poster"]);

      const fresh = linkNamed(links, "voucher");
      expect(fresh.id).not.toBe(paid.id);
      expect(project.live(paid.id).status).toBe("archived");
      expect(project.live(fresh.id)).toMatchObject({ status: "active", amount: "1500.00" });
      expect(after["voucher"]).not.toBe(before["voucher"]);
      expect(after["voucher"]).toBe(`${project.sandbox.payUrl}/${project.live(fresh.id).slug}`);
    },
    STEP,
  );

  it(
    "refresh takes in a pause made in the dashboard, plan shows the resume, destroy archives the links",
    async () => {
      const link = await stackWithLink("drift");
      const poster = linkNamed(await project.links("drift"), "poster");
      await project.pause(link.id);

      await project.pulumi(["refresh", "--yes", "--skip-preview", "--stack", "drift"]);
      expect(linkNamed(await project.links("drift"), "voucher").outputs?.["status"]).toBe("paused");

      const plan = await project.exec("npx", ["--no-install", "mytpe-links", "plan", "--stack", "drift"]);
      expect(plan.code, plan.stderr).toBe(2); // changes
      expect(project.read(".plan/plan.md")).toContain("voucher");

      await project.pulumi(["destroy", "--yes", "--skip-preview", "--stack", "drift"]);
      expect(await project.links("drift")).toEqual([]);
      expect([project.live(link.id).status, project.live(poster.id).status]).toEqual(["archived", "archived"]);
    },
    STEP,
  );

  it(
    "stores a provider text that requires mytpe-links/provider/v1 by name: no path, no search",
    async () => {
      const link = await stackWithLink("stored");
      const exported = JSON.parse((await project.pulumi(["stack", "export", "--show-secrets", "--stack", "stored"])).stdout) as {
        deployment: { resources: { urn: string; inputs?: { __provider?: unknown } }[] };
      };
      const stored = exported.deployment.resources.find((resource) => resource.urn === link.urn)?.inputs?.__provider;
      expect(typeof stored).toBe("string");
      const text = stored as string;
      expect(text).toContain('require("mytpe-links/provider/v1")');
      expect(text).not.toContain(tmpdir());
      expect(text).not.toContain(project.dir);
      expect(text).not.toMatch(/node_modules|\.cjs|process\.cwd|existsSync|dirname|\bwhile\b|\bfor\b/);
      // The name resolves, from the project, to the installed package.
      const resolved = createRequire(join(project.dir, "index.js")).resolve("mytpe-links/provider/v1");
      expect(resolved).toBe(join(realpathSync(project.dir), "node_modules", "mytpe-links", "dist", "provider", "v1.cjs"));
    },
    STEP,
  );
});
