// A price change under `pulumi up`, end to end through the real CLI and the sandbox's pay
// endpoint: in place before payment, a replacement after it (new link live before the paid one is
// archived, the URL changes), and a refusal with no write when replacement is forbidden.
import { describe, expect, it } from "vitest";
import type { Link } from "../../src/sandbox/link.ts";
import { projectWithLinks } from "../harness/project-states.ts";
import { linksYaml, type E2eProject } from "../harness/temp-project.ts";
import { stepTimeout } from "../harness/step-timeout.ts";

const STEP = stepTimeout(36_000);
type Fields = Record<string, unknown>;

const fixed = (title: string, extra: Fields = {}): Fields => ({ title, amount_mode: "fixed", amount: 1000, usage_mode: "reusable", ...extra });
const titled = (project: E2eProject, title: string): Link[] => project.sandbox.links().filter((link) => link.title === title);
const writes = (project: E2eProject) => project.sandbox.requests.filter((request) => request.method !== "GET");
const urls = async (project: E2eProject) => JSON.parse((await project.run(["stack", "output", "linkUrls", "--json"])).stdout) as Record<string, string>;

/** A project whose one link, `name`, was paid once and is now declared at 1,500 DZD instead of 1,000. */
async function paidLinkRepriced(name: string, extra: Fields = {}): Promise<{ project: E2eProject; paid: Link }> {
  const project = await projectWithLinks({ [name]: fixed("Price paid", extra) });
  const [paid] = titled(project, "Price paid");
  expect((await project.api("POST", `/sandbox/links/${paid!.id}/pay`, { payer: "customer@example.com" })).status).toBe(201);
  project.writeLinks(linksYaml(project.sandbox.instances.ready, { [name]: fixed("Price paid", { ...extra, amount: 1500 }) }));
  return { project, paid: paid! };
}

describe("a price change under pulumi up", () => {
  it(
    "changes the price of a link nobody paid in place: same id, same URL",
    async () => {
      const project = await projectWithLinks({ "price-unpaid": fixed("Price unpaid") });
      const [before] = titled(project, "Price unpaid");
      project.writeLinks(linksYaml(project.sandbox.instances.ready, { "price-unpaid": fixed("Price unpaid", { amount: 1200 }) }));
      await project.run(["up", "--yes", "--skip-preview"]);

      expect(titled(project, "Price unpaid")).toEqual([expect.objectContaining({ id: before!.id, slug: before!.slug, amount: "1200.00" })]);
    },
    STEP,
  );

  it(
    "previews a paid link whose price changes as replaced, saying why and that the URL changes",
    async () => {
      const { project } = await paidLinkRepriced("price-paid");

      const preview = await project.run(["preview", "--diff"]);
      const text = preview.stdout + preview.stderr;
      expect(text).toMatch(/\+-pulumi-nodejs:dynamic\/mytpe:PaymentLink: \(replace\)\n.*\n.*PaymentLink::price-paid\]/);
      expect(text).toMatch(/~ amount\s+: "1000.00" => "1500.00"/);
      expect(text).toContain("will be REPLACED: amount cannot change once the link has been paid (paid 1 time)");
      expect(text).toContain("stops accepting payments");
    },
    STEP,
  );

  it(
    "replaces a paid link whose price changes: the new link created and published before the paid one is archived, and the URL changes",
    async () => {
      const { project, paid } = await paidLinkRepriced("price-paid");
      const urlBefore = (await urls(project))["price-paid"];
      project.sandbox.resetRequests();
      await project.run(["up", "--yes", "--skip-preview"]);

      const links = titled(project, "Price paid");
      const fresh = links.find((link) => link.id !== paid.id)!;
      expect(links).toHaveLength(2);
      expect(links.find((link) => link.id === paid.id)?.status).toBe("archived");
      expect(fresh).toMatchObject({ status: "active", amount: "1500.00" });
      expect(writes(project).map((request) => request.route)).toEqual(["POST /links", "POST /links/{id}/publish", "POST /links/{id}/archive"]);
      expect(writes(project)[2]!.path).toContain(paid.id);
      const urlAfter = (await urls(project))["price-paid"];
      expect(urlAfter).not.toBe(urlBefore);
      expect(urlAfter).toBe(`${project.sandbox.payUrl}/${fresh.slug}`);
    },
    STEP,
  );

  it(
    "refuses at preview, with no write, a price change on a paid link when on_pricing_change is fail",
    async () => {
      const { project } = await paidLinkRepriced("price-locked", { on_pricing_change: "fail" });
      project.sandbox.resetRequests();

      const result = await project.pulumi(["up", "--yes"]);
      expect(result.code).not.toBe(0);
      expect(result.stdout + result.stderr).toContain("amount cannot change once the link has been paid (paid 1 time), and on_pricing_change is fail");
      expect(writes(project)).toEqual([]);
      expect(titled(project, "Price paid").map((link) => link.amount)).toEqual(["1000.00"]);
    },
    STEP,
  );
});
