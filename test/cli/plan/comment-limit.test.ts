import { describe, expect, it } from "vitest";
import { COMMENT_BUDGET, fitComment, GITHUB_COMMENT_LIMIT } from "../../../src/cli/plan/comment-limit.ts";
import { planOf } from "../../../src/cli/plan/link-changes.ts";
import type { Preview, PreviewStep } from "../../../src/cli/plan/preview-types.ts";

const TYPE = "pulumi-nodejs:dynamic/mytpe:PaymentLink";

/** A preview where `count` links each change title and price, some replaced. */
function hugePreview(count: number): Preview {
  const steps: PreviewStep[] = [];
  for (let i = 0; i < count; i++) {
    const name = `campaign-link-${String(i).padStart(5, "0")}`;
    steps.push({
      op: i % 10 === 0 ? "replace" : "update",
      urn: `urn:pulumi:production::mytpe-links::${TYPE}::${name}`,
      type: TYPE,
      old: {
        outputs: {
          title: `Spring campaign link number ${i}`,
          amount: "1000.00",
          currency: "DZD",
          status: "active",
          slug: `${name}-ab12`,
          url: `https://pay.mytpe.appp/${name}-ab12`,
        },
      },
      new: { inputs: { title: `Summer campaign link number ${i}`, amount: "1250.00", currency: "DZD", status: "active" } },
      diffReasons: [],
      replaceReasons: i % 10 === 0 ? ["amount"] : [],
    });
  }
  return { steps, diagnostics: [], providerNotes: [], policyViolations: [], failed: false, unlistedSames: 0 };
}

describe("the plan comment under GitHub's limit", () => {
  it("keeps every detail when it fits", () => {
    const fitted = fitComment(planOf(hugePreview(20)));
    expect(fitted.degraded).toBe("none");
    expect(fitted.markdown).toContain("`1,000.00 DZD` → `1,250.00 DZD`");
  });

  it("collapses the details before dropping any link", () => {
    const fitted = fitComment(planOf(hugePreview(400)));
    expect(fitted.degraded).toBe("collapsed");
    expect(fitted.markdown).toContain("<details");
    expect(fitted.markdown.match(/^\| `campaign-link-/gm)).toHaveLength(400);
  });

  it("stays under the limit with 5,000 changed links, truncated with a count of the rest", () => {
    const plan = planOf(hugePreview(5000));
    const fitted = fitComment(plan);
    expect(fitted.degraded).toBe("truncated");
    expect(fitted.markdown.length).toBeLessThanOrEqual(COMMENT_BUDGET);
    expect(fitted.markdown.length).toBeLessThan(GITHUB_COMMENT_LIMIT);
    const rows = fitted.markdown.match(/^\| `campaign-link-/gm)?.length ?? 0;
    expect(rows).toBeGreaterThan(100);
    expect(fitted.markdown).toContain(`…and **${5000 - rows} more changed links** not shown here`);
    // The counts stay whole, and the replaced (riskiest) links come first.
    expect(fitted.markdown).toContain("**5000 links change**: 4500 update · 500 archive-and-recreate");
    expect(fitted.markdown).toMatch(/^\| `campaign-link-00000` .* \*\*archive-and-recreate\*\*/m);
  });
});
