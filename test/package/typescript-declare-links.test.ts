// The package in an existing TypeScript Pulumi program whose index.ts is `declareLinks(...)` over
// YAML files (one folder per stack, given as a glob): installed from the packed tarball outside the
// repository, checked with the package's `mytpe-links check`, run by the real Pulumi CLI against the
// sandbox.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { linksYaml } from "../harness/temp-project.ts";
import { createTypeScriptProject, linkNamed, type TypeScriptProject } from "./typescript-project.ts";
import { stepTimeout } from "../harness/step-timeout.ts";

const INSTALL = 5 * 60_000;
const STEP = stepTimeout(37_000);

const INDEX_TS = `import * as pulumi from "@pulumi/pulumi";
import { declareLinks } from "mytpe-links";

// Each stack provisions the YAML files of its own folder.
const { urls } = declareLinks(\`links/\${pulumi.getStack()}/*.yaml\`);
export const linkUrls = urls;
`;

type Fields = Record<string, unknown>;
const voucher = (extra: Fields = {}): Fields => ({ title: "Voucher", amount_mode: "fixed", amount: 1000, usage_mode: "reusable", ...extra });
const donation: Fields = { title: "Donation", amount_mode: "open", min_amount: 100, max_amount: 5000, usage_mode: "reusable" };

describe("an existing TypeScript program with declareLinks(...)", () => {
  let project: TypeScriptProject;
  const declare = (stack: string, links: Record<string, Fields>) =>
    project.write(`links/${stack}/campaign.yaml`, linksYaml(project.sandbox.instances.ready, links));
  const urls = async (stack: string) => (await project.outputs(stack))["linkUrls"] as Record<string, string>;
  const stackWith = async (stack: string, links: Record<string, Fields>) => {
    declare(stack, links);
    await project.initStack(stack);
    await project.up(stack);
  };

  beforeAll(async () => {
    project = await createTypeScriptProject("existing-ts-yaml", INDEX_TS);
  }, INSTALL);
  afterAll(async () => project?.dispose());

  it(
    "check and preview report the same problems, located in the YAML file, and nothing reaches the API",
    async () => {
      const { amount, ...misspelt } = voucher();
      declare("typo", { voucher: { ...misspelt, amout: amount } });
      await project.initStack("typo");
      const requests = project.sandbox.requests.length;

      const check = await project.exec("npx", ["--no-install", "mytpe-links", "check", "links/typo"]);
      expect(check.code).toBe(1);
      const problems = check.stdout.split("\n").filter((line) => line.startsWith("links/typo/"));
      expect(problems).toEqual([
        "links/typo/campaign.yaml:4:3: links.voucher.amount: required when amount_mode is fixed",
        "links/typo/campaign.yaml:8:5: links.voucher.amout: unknown field: did you mean amount?",
      ]);

      const preview = await project.exec("pulumi", ["preview", "--stack", "typo", "--non-interactive"]);
      expect(preview.code).not.toBe(0);
      for (const problem of problems) expect(preview.stdout).toContain(problem);
      expect(project.sandbox.requests.length).toBe(requests);
    },
    STEP,
  );

  it(
    "checks, previews, then creates one link per declaration, with the URLs as a stack output",
    async () => {
      declare("create", { voucher: voucher(), donation });
      await project.initStack("create");
      const check = await project.exec("npx", ["--no-install", "mytpe-links", "check", "links/create"]);
      expect(check.code, check.stdout + check.stderr).toBe(0);

      const preview = await project.pulumi(["preview", "--stack", "create"]);
      expect(preview.stdout).toMatch(/\+ 3 to create/);
      await project.up("create");

      const links = await project.links("create");
      const slugs = Object.fromEntries(["voucher", "donation"].map((name) => [name, project.live(linkNamed(links, name).id).slug]));
      expect(await urls("create")).toEqual({
        voucher: `${project.sandbox.payUrl}/${slugs["voucher"]}`,
        donation: `${project.sandbox.payUrl}/${slugs["donation"]}`,
      });
    },
    STEP,
  );

  it(
    "changes a title in place (same link, same URL) and replaces a paid link whose price changes (new link and URL, the paid one archived)",
    async () => {
      await stackWith("change", { voucher: voucher(), donation });
      const before = await project.links("change");
      const urlsBefore = await urls("change");
      const paid = linkNamed(before, "voucher");
      await project.pay(paid.id);

      declare("change", { voucher: voucher({ amount: 1500 }), donation: { ...donation, title: "Donation, renamed" } });
      await project.up("change");

      const after = await project.links("change");
      const urlsAfter = await urls("change");
      expect(linkNamed(after, "donation").id).toBe(linkNamed(before, "donation").id);
      expect(project.live(linkNamed(after, "donation").id).title).toBe("Donation, renamed");
      expect(urlsAfter["donation"]).toBe(urlsBefore["donation"]);

      const fresh = linkNamed(after, "voucher");
      expect(fresh.id).not.toBe(paid.id);
      expect(project.live(paid.id).status).toBe("archived");
      expect(project.live(fresh.id)).toMatchObject({ status: "active", amount: "1500.00" });
      expect(urlsAfter["voucher"]).not.toBe(urlsBefore["voucher"]);
    },
    STEP,
  );

  it(
    "refresh takes in a pause made in the dashboard, plan shows the resume, destroy archives every link",
    async () => {
      await stackWith("drift", { voucher: voucher(), donation });
      // Another stack's folder declares a link of the same name: the plan cannot tell which file is this stack's.
      declare("drift-copy", { voucher: voucher() });
      const links = await project.links("drift");
      await project.pause(linkNamed(links, "voucher").id);

      await project.pulumi(["refresh", "--yes", "--skip-preview", "--stack", "drift"]);
      expect(linkNamed(await project.links("drift"), "voucher").outputs?.["status"]).toBe("paused");

      const plan = await project.exec("npx", ["--no-install", "mytpe-links", "plan", "--stack", "drift"]);
      expect(plan.code, plan.stderr).toBe(2); // changes
      const markdown = project.read(".plan/plan.md");
      expect(markdown).toContain("voucher");
      expect(markdown).not.toContain("links/drift-copy/");

      await project.pulumi(["destroy", "--yes", "--skip-preview", "--stack", "drift"]);
      expect(await project.links("drift")).toEqual([]);
      expect(links.map((link) => project.live(link.id!).status)).toEqual(["archived", "archived"]);
    },
    STEP,
  );
});
