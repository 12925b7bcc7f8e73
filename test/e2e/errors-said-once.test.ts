// Errors said once, plainly: a refusal and an API error appear once per link, under that link's
// resource, as the provider's message alone — no stack trace, no local path, no file of the package
// — in `pulumi preview` and in the plan's comment.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runPlan } from "../../src/cli/plan.ts";
import { createE2eProject, linksYaml, type E2eProject } from "../harness/temp-project.ts";
import { stepTimeout } from "../harness/step-timeout.ts";

const STEP = stepTimeout(4_000);

const VOUCHER = { title: "Voucher", amount_mode: "fixed", amount: 1000, usage_mode: "reusable" };
const OTHER = { title: "Other", amount_mode: "fixed", amount: 50, usage_mode: "reusable" };

/** The Diagnostics section of the CLI's output, as printed. */
function diagnostics(stdout: string): string {
  const start = stdout.indexOf("Diagnostics:");
  return stdout.slice(start, stdout.indexOf("\nResources:", start)).trim();
}

describe("errors of the provider through the real CLI", () => {
  let project: E2eProject;
  let slug: string;

  beforeAll(async () => {
    project = await createE2eProject();
    project.writeLinks(linksYaml(project.sandbox.instances.ready, { voucher: VOUCHER, other: OTHER }));
    await project.run(["up", "--yes", "--skip-preview"]);
    const link = project.sandbox.links().find((one) => one.title === "Voucher")!;
    ({ slug } = link);
  }, 5 * 60_000);
  afterAll(async () => project?.dispose());

  it(
    "say a refusal once, under its link, as the provider's message alone",
    async () => {
      project.writeLinks(linksYaml(project.sandbox.instances.ready, { voucher: { ...VOUCHER, status: "draft" }, other: OTHER }));
      const preview = await project.pulumi(["preview"]);

      expect(diagnostics(preview.stdout)).toBe(
        [
          "Diagnostics:",
          "  pulumi-nodejs:dynamic/mytpe:PaymentLink (voucher):",
          `    error: payment link "Voucher" (${slug}): the link is active and a published link cannot go back to draft; declare status: paused to stop payments, or status: archived to end it`,
        ].join("\n"),
      );
      expect(preview.stderr).toBe("");
      expect(preview.stdout).not.toMatch(/ at |\.js:\d+|node_modules|\/dist\//);
      expect(preview.code).not.toBe(0);
    },
    STEP,
  );

  it(
    "say an API error once, under the link it is about",
    async () => {
      project.writeLinks(linksYaml(project.sandbox.instances.ready, { voucher: { ...VOUCHER, title: "Voucher, renamed" }, other: OTHER }));
      const preview = await project.pulumi(["preview"], { env: { MYTPE_API_SECRET: "mts_live_00000000000000000000000000000000" } });

      // The first read of a run is the instance's listing, which every link of it shares (a diff checks
      // whose link it reads, and what a killed run left): its error is said once, under a link of it.
      const said = diagnostics(preview.stdout).split("\n");
      expect(said.filter((line) => line.includes("error:"))).toEqual([
        expect.stringMatching(
          /^ {4}error: look for payment link "(Voucher|Other)" failed: Invalid API credentials\. \[HTTP 401 UNAUTHORIZED, GET \/links\?payment_instance_id=/,
        ),
      ]);
      expect(said.filter((line) => line.includes("Invalid API credentials"))).toHaveLength(1);
      expect(preview.stderr).toBe("");
    },
    STEP,
  );

  it(
    "put the same words in the plan's comment, once, and nothing else of the error",
    async () => {
      project.writeLinks(linksYaml(project.sandbox.instances.ready, { voucher: { ...VOUCHER, status: "draft" }, other: OTHER }));
      const errors: string[] = [];
      const code = await runPlan([], {
        cwd: project.dir,
        err: (line) => errors.push(line),
        preview: async (args) => {
          const result = await project.pulumi(args, { env: { PULUMI_ENABLE_STREAMING_JSON_PREVIEW: "true" } });
          return { code: result.code, stdout: result.stdout };
        },
      });
      const comment = readFileSync(join(project.dir, ".plan", "plan.md"), "utf8");
      const refusal = `payment link "Voucher" (${slug}): the link is active and a published link cannot go back to draft`;

      expect(code).toBe(1);
      expect(comment.split(refusal)).toHaveLength(2);
      expect(comment).not.toMatch(/ at |\.js:\d+|node_modules|\/dist\/|\/tmp\//);
    },
    STEP,
  );
});
