// `npm run plan`: exit codes a pipeline can gate on, and the two files it writes.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { linkFilesOf, runPlan } from "../../../src/cli/plan.ts";
import { fixturePath } from "./preview-fixtures.ts";

describe("npm run plan", () => {
  let dir: string;
  let errors: string[];
  const io = (preview?: (args: string[]) => Promise<{ code: number; stdout: string }>) => ({
    cwd: dir,
    err: (line: string) => errors.push(line),
    ...(preview ? { preview } : {}),
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "plan-"));
    errors = [];
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("names the file that declares each link, and no file for a name that several files declare", () => {
    const link = (name: string) => `  ${name}:\n    title: T\n    amount_mode: fixed\n    amount: 10\n    usage_mode: reusable\n`;
    const head = "defaults:\n  payment_instance_id: 9d6a1f3c-2b7e-4d0a-8c5f-1e2d3c4b5a69\nlinks:\n";
    for (const folder of ["links/local", "links/production"]) mkdirSync(join(dir, folder), { recursive: true });
    writeFileSync(join(dir, "links/local/a.yaml"), head + link("voucher") + link("poster"));
    writeFileSync(join(dir, "links/production/a.yaml"), head + link("voucher"));
    expect(Object.fromEntries(linkFilesOf(dir, undefined))).toEqual({ poster: "links/local/a.yaml" });
  });

  it("exits 2 when links change, and writes the Markdown and the JSON", async () => {
    expect(await runPlan(["--from", fixturePath("price-change-after-payment.jsonl")], io())).toBe(2);
    expect(readFileSync(join(dir, ".plan/plan.md"), "utf8")).toContain("<!-- mytpe-links-plan -->");
    const json = JSON.parse(readFileSync(join(dir, ".plan/plan.json"), "utf8")) as { status: string; links: { action: string }[] };
    expect(json.status).toBe("changes");
    expect(json.links.map((link) => link.action)).toEqual(["archive-and-recreate"]);
    expect(errors.join("\n")).toContain("plan: 1 changed, 5 unchanged");
  });

  it("exits 0 when nothing changes, and writes where it is told", async () => {
    const args = ["--from", fixturePath("no-changes.jsonl"), "--out-md", "out/c.md", "--out-json", "out/c.json"];
    expect(await runPlan(args, io())).toBe(0);
    expect(readFileSync(join(dir, "out/c.md"), "utf8")).toContain("**No payment link changes**");
  });

  it("exits 1 when the preview failed, and still writes why for the comment", async () => {
    const failed = [
      '{"sequence":1,"diagnosticEvent":{"prefix":"error: ","message":"payment link \\"X\\": amount cannot change\\n","severity":"error"}}',
      '{"sequence":2,"summaryEvent":{"result":"failed","isPreview":true}}',
    ].join("\n");
    let ran: string[] = [];
    const code = await runPlan(
      ["--stack", "production", "--policy-pack", "policy"],
      io(async (args) => {
        ran = args;
        return { code: 255, stdout: failed };
      }),
    );
    expect(code).toBe(1);
    expect(ran).toEqual(["preview", "--json", "--non-interactive", "--stack", "production", "--policy-pack", "policy"]);
    expect(readFileSync(join(dir, ".plan/plan.md"), "utf8")).toContain("**The preview failed**");
  });

  it("prints the saved update plan's SHA-256 and shows it in the comment with the commits and the run", async () => {
    const head = "a".repeat(40);
    const base = "b".repeat(40);
    const preview = async (args: string[]) => {
      writeFileSync(join(dir, args[args.indexOf("--save-plan") + 1]!), '{"resourcePlans":{}}\n');
      return { code: 0, stdout: readFileSync(fixturePath("price-change-after-payment.jsonl"), "utf8") };
    };
    const args = [
      "--stack",
      "production",
      "--save-plan",
      ".plan/update-plan.json",
      "--head-commit",
      head,
      "--base-commit",
      base,
      "--run-url",
      "https://github.com/acme/links/actions/runs/42/attempts/1",
    ];
    expect(await runPlan(args, { ...io(preview), instanceNames: async () => new Map() })).toBe(2);
    const digest = `sha256:${createHash("sha256").update('{"resourcePlans":{}}\n').digest("hex")}`;
    expect(errors).toContain(`plan: update plan .plan/update-plan.json ${digest}`);
    const markdown = readFileSync(join(dir, ".plan/plan.md"), "utf8");
    expect(markdown.split("\n")[3]).toBe(
      `<sub>update plan \`${digest}\` · head \`${head}\` · on main \`${base}\` · [run](https://github.com/acme/links/actions/runs/42/attempts/1)</sub>`,
    );
    expect(JSON.parse(readFileSync(join(dir, ".plan/plan.json"), "utf8")).source).toEqual({
      updatePlan: digest,
      headCommit: head,
      baseCommit: base,
      runUrl: "https://github.com/acme/links/actions/runs/42/attempts/1",
    });
    expect(await runPlan(["--from", fixturePath("no-changes.jsonl"), "--head-commit", "main; rm -rf /"], io())).toBe(1);
    expect(errors.at(-1)).toMatch(/^--head-commit: expected a commit's SHA \(hexadecimal\), got "main; rm -rf \/"/);
  });

  it("names the payment instance of each new link in the comment, as the API names it", async () => {
    const preview = async () => ({ code: 0, stdout: readFileSync(fixturePath("create.jsonl"), "utf8") });
    const asked: string[][] = [];
    const instanceNames = async (ids: readonly string[]) => {
      asked.push([...ids]);
      return new Map([[ids[0]!, "Boutique Alger Centre"]]);
    };
    expect(await runPlan(["--stack", "test"], { ...io(preview), instanceNames })).toBe(2);
    expect(asked).toEqual([["9d6a1f3c-2b7e-4d0a-8c5f-1e2d3c4b5a69"]]);
    const rows = readFileSync(join(dir, ".plan/plan.md"), "utf8")
      .split("\n")
      .filter((line) => line.includes("| **create** |"));
    expect(rows).toHaveLength(7);
    for (const row of rows) expect(row).toContain("| **create** | instance: `Boutique Alger Centre` `9d6a1f3c-2b7e-4d0a-8c5f-1e2d3c4b5a69`<br>");
  });

  it("exits 1 on what is not a preview, and on bad usage", async () => {
    writeFileSync(join(dir, "junk.json"), "Previewing update\n");
    expect(await runPlan(["--from", "junk.json"], io())).toBe(1);
    expect(errors.at(-1)).toContain("cannot read the preview junk.json: not a pulumi preview");
    expect(await runPlan(["--nope"], io())).toBe(1);
    expect(await runPlan(["--from", "x.json", "--save-plan", "p.json"], io())).toBe(1);
  });
});

describe("policy violations in the plan comment", () => {
  it("name the link they are about, changed or not, and the stack otherwise", async () => {
    const { buildPlan } = await import("../../../src/cli/plan.ts");
    const urn = (name: string) => `urn:pulumi:local::mytpe-links::pulumi-nodejs:dynamic/mytpe:PaymentLink::${name}`;
    const events = [
      { resourcePreEvent: { metadata: { op: "same", urn: urn("donation"), type: "pulumi-nodejs:dynamic/mytpe:PaymentLink" } } },
      {
        policyEvent: {
          resourceUrn: urn("donation"),
          message: "desc\npayment link donation: on_pricing_change is not set",
          policyName: "paid-link-replacement",
          policyPackName: "mytpe-links",
          enforcementLevel: "advisory",
        },
      },
      {
        policyEvent: {
          resourceUrn: "urn:pulumi:local::mytpe-links::pulumi:pulumi:Stack::mytpe-links-local",
          message: "desc\ntoo many links",
          policyName: "stack-rule",
          policyPackName: "mytpe-links",
          enforcementLevel: "advisory",
        },
      },
    ];
    const { comment } = buildPlan(events.map((event) => JSON.stringify(event)).join("\n"), { root: "/nonexistent" });
    expect(comment.markdown).toContain("| advisory | `paid-link-replacement` | `donation` | `payment link donation: on_pricing_change is not set` |");
    expect(comment.markdown).toContain("| advisory | `stack-rule` | `(stack)` | `too many links` |");
  });
});
