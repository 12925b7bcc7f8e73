// What `mytpe-links up` prints after its run, through the real command line: each link with its
// live status, only payable links under "Payment links", the others counted — including a link
// the platform ended since, which up leaves unchanged in state.
import { describe, expect, it } from "vitest";
import { disposedWithTest } from "../../harness/project-states.ts";
import { linksYaml } from "../../harness/temp-project.ts";
import { createCliProject, type CliProject } from "./cli-project.ts";
import { stepTimeout } from "../../harness/step-timeout.ts";

const STEP = stepTimeout(43_000);
const fixed = (title: string, extra: Record<string, unknown> = {}) => ({ title, amount_mode: "fixed", amount: 1000, usage_mode: "reusable", ...extra });

/** A project for the running test declaring a link in each status, none made yet. */
async function campaign(): Promise<CliProject> {
  const project = disposedWithTest(await createCliProject());
  project.writeLinks(
    linksYaml(project.sandbox.instances.ready, {
      voucher: fixed("Voucher"),
      "one-shot": fixed("One shot", { usage_mode: "one_shot" }),
      later: fixed("Later", { status: "paused" }),
      drafted: fixed("Drafted", { status: "draft" }),
      closed: fixed("Closed", { status: "archived" }),
    }),
  );
  return project;
}

describe("the links mytpe-links up prints", () => {
  it(
    "lists only active links under Payment links, each with its status and URL, and counts the others by status",
    async () => {
      const project = await campaign();
      const result = await project.cli(["up", "--stack", "test"]);
      expect(result.code, result.stderr).toBe(0);
      const urls = JSON.parse((await project.run(["stack", "output", "linkUrls", "--json"])).stdout) as Record<string, string>;
      const summary = result.stdout.slice(result.stdout.lastIndexOf("Payment links:")).trimEnd().split("\n");
      expect(summary).toEqual([
        "Payment links:",
        `  one-shot  active  ${urls["one-shot"]}`,
        `  voucher   active  ${urls["voucher"]}`,
        "",
        "Not payable (3 links): 1 draft, 1 paused, 1 archived",
        "  drafted   draft",
        "  later     paused",
        "  closed    archived",
        "",
        "Payments, money collected and drift, live: mytpe-links links --stack test",
      ]);
    },
    STEP,
  );

  it(
    "shows a link the platform ended since the last up as not payable",
    async () => {
      const project = await campaign();
      await project.cli(["up", "--stack", "test"]);
      const oneShot = project.sandbox.links().find((link) => link.title === "One shot")!;
      await project.api("POST", `/sandbox/links/${oneShot.id}/pay`, {});
      const result = await project.cli(["up", "--stack", "test"]);
      expect(result.code, result.stderr).toBe(0);
      const summary = result.stdout.slice(result.stdout.lastIndexOf("Payment links:"));
      expect(summary).not.toMatch(/^ {2}one-shot +active/m);
      expect(summary).toContain("Not payable (4 links): 1 draft, 1 paused, 1 exhausted, 1 archived");
      expect(summary).toMatch(/^ {2}one-shot +exhausted$/m);
    },
    STEP,
  );
});
