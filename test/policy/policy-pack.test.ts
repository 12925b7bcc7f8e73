// The policy pack through the real CLI (`pulumi preview --policy-pack policy/`), started by our
// language host's RunPlugin: each rule blocks when mandatory, reports when advisory, and passes
// compliant links. Enforcement levels and thresholds come from --policy-pack-config files. The
// project is shared and nothing is deployed: each test declares the links it previews.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parsePreview } from "../../src/cli/plan/preview-steps.ts";
import type { PolicyViolation } from "../../src/cli/plan/preview-types.ts";
import { createE2eProject, linksYaml, REPO, type E2eProject } from "../harness/temp-project.ts";
import { stepTimeout } from "../harness/step-timeout.ts";

const STEP = stepTimeout(18_000);
const RULES = ["open-amount-needs-max", "amount-ceiling", "paid-link-replacement", "required-metadata"] as const;

describe("the policy pack under pulumi preview", () => {
  let project: E2eProject;
  const config = (level: "mandatory" | "advisory") => {
    const file = join(project.dir, `policy-${level}.json`);
    writeFileSync(
      file,
      JSON.stringify({
        "open-amount-needs-max": level,
        "amount-ceiling": { enforcementLevel: level, maxAmount: 100000, stacks: { test: 20000 } },
        "paid-link-replacement": { enforcementLevel: level, allowReplace: true },
        "required-metadata": { enforcementLevel: level, stacks: ["test"], keys: ["campaign"] },
      }),
    );
    return file;
  };
  const preview = async (level: "mandatory" | "advisory") => {
    const result = await project.pulumi(["preview", "--json", "--policy-pack", join(REPO, "policy"), "--policy-pack-config", config(level)], {
      env: { PULUMI_ENABLE_STREAMING_JSON_PREVIEW: "true" },
    });
    const parsed = parsePreview(result.stdout);
    const byRule = (rule: string) => parsed.policyViolations.filter((violation) => violation.policy === rule);
    return { code: result.code, parsed, byRule, stderr: result.stderr };
  };
  const links = (fields: Record<string, Record<string, unknown>>) => project.writeLinks(linksYaml(project.sandbox.instances.ready, fields));
  const names = (violations: PolicyViolation[]) => violations.map((violation) => violation.urn?.split("::").pop()).sort();

  beforeAll(async () => {
    project = await createE2eProject();
  }, 20 * 60_000);
  afterAll(async () => project?.dispose());

  const offending = {
    "open-no-max": {
      title: "Open, no max",
      amount_mode: "open",
      min_amount: 100,
      usage_mode: "reusable",
      on_pricing_change: "fail",
      metadata: { campaign: "c" },
    },
    "too-dear": { title: "Too dear", amount_mode: "fixed", amount: 25000, usage_mode: "reusable", on_pricing_change: "fail", metadata: { campaign: "c" } },
    implicit: { title: "Implicit replacement", amount_mode: "fixed", amount: 1000, usage_mode: "reusable", metadata: { campaign: "c" } },
    "no-campaign": { title: "No campaign", amount_mode: "fixed", amount: 1000, usage_mode: "reusable", on_pricing_change: "replace" },
  };

  it(
    "blocks the preview on each mandatory rule, naming the link and the reason",
    async () => {
      links(offending);
      const { code, parsed, byRule } = await preview("mandatory");
      expect(code).not.toBe(0);
      expect(parsed.failed).toBe(true);
      expect(names(byRule("open-amount-needs-max"))).toEqual(["open-no-max"]);
      expect(names(byRule("amount-ceiling"))).toEqual(["too-dear"]);
      expect(names(byRule("paid-link-replacement"))).toEqual(["implicit"]);
      expect(names(byRule("required-metadata"))).toEqual(["no-campaign"]);
      expect(byRule("amount-ceiling")[0]!.message).toBe("payment link too-dear: amount 25000.00 DZD is above the ceiling of 20000 for this stack");
      expect(parsed.policyViolations.every((violation) => violation.enforcementLevel === "mandatory")).toBe(true);
    },
    STEP,
  );

  it(
    "only reports the same links when every rule is advisory",
    async () => {
      links(offending);
      const { code, parsed } = await preview("advisory");
      expect(code).toBe(0);
      expect(new Set(parsed.policyViolations.map((violation) => violation.policy))).toEqual(new Set(RULES));
      expect(parsed.policyViolations.every((violation) => violation.enforcementLevel === "advisory")).toBe(true);
    },
    STEP,
  );

  it(
    "passes compliant links under the mandatory configuration",
    async () => {
      links({
        "open-with-max": {
          title: "Open",
          amount_mode: "open",
          min_amount: 100,
          max_amount: 20000,
          usage_mode: "reusable",
          on_pricing_change: "fail",
          metadata: { campaign: "c" },
        },
        fixed: { title: "Fixed", amount_mode: "fixed", amount: 20000, usage_mode: "reusable", on_pricing_change: "replace", metadata: { campaign: "c" } },
      });
      const { code, parsed, stderr } = await preview("mandatory");
      expect(parsed.policyViolations).toEqual([]);
      expect(code, stderr).toBe(0);
    },
    STEP,
  );
});
