// The plan of real previews from the real CLI, pinned as Markdown: create, update, pause,
// publish, archive (declared and removed), a price change before payment (in place) and after it
// (archive-and-recreate, new URL), and no changes. The same pins are checked from the saved
// previews in markdown.test.ts, so the fixtures cannot drift from what the CLI prints: run with
// UPDATE_PREVIEW_FIXTURES=1 to capture them again. Each case starts from a project of its own.
import { describe, expect, it } from "vitest";
import { buildPlan } from "../../../src/cli/plan.ts";
import { parsePreview } from "../../../src/cli/plan/preview-steps.ts";
import { freshProject, projectWithLinks, type Declared } from "../../harness/project-states.ts";
import { linksYaml, type E2eProject } from "../../harness/temp-project.ts";
import { normalise, slimEvents, SNAPSHOTS, writeFixture, type PreviewCase } from "./preview-fixtures.ts";
import { stepTimeout } from "../../harness/step-timeout.ts";

const STEP = stepTimeout(40_000);
const STREAM = { env: { PULUMI_ENABLE_STREAMING_JSON_PREVIEW: "true" } };
const CAPTURE = process.env["UPDATE_PREVIEW_FIXTURES"] === "1";
const fixed = (title: string, extra: Record<string, unknown> = {}) => ({ title, amount_mode: "fixed", amount: 1000, usage_mode: "reusable", ...extra });

/** The campaign as first declared. */
const FIRST: Declared = {
  "price-unpaid": fixed("Price unpaid"),
  "price-paid": fixed("Price paid", { metadata: { campaign: "spring" } }),
  donation: { title: "Donation", amount_mode: "open", min_amount: 100, max_amount: 50000, usage_mode: "reusable" },
  "to-pause": fixed("To pause"),
  "to-archive": fixed("To archive"),
  "to-remove": fixed("To remove"),
  "draft-first": fixed("Draft first", { status: "draft" }),
};
/** The campaign after its first review: a price, a pause, a publish, an archive, a removal, an open link's bounds. */
const { "to-remove": _removed, ...kept } = FIRST;
const SECOND: Declared = {
  ...kept,
  "price-unpaid": fixed("Price unpaid", { amount: 1200 }),
  "to-pause": fixed("To pause", { status: "paused" }),
  "to-archive": fixed("To archive", { status: "archived" }),
  "draft-first": fixed("Draft first", { status: "active" }),
  donation: { title: "Donation (spring)", amount_mode: "open", min_amount: 100, max_amount: 75000, usage_mode: "reusable" },
};

const declare = (project: E2eProject, links: Declared) => project.writeLinks(linksYaml(project.sandbox.instances.ready, links));

/** Previews through the CLI, saves the fixture when capturing, and returns the normalised Markdown. */
async function plan(project: E2eProject, name: PreviewCase) {
  const result = await project.pulumi(["preview", "--json"], STREAM);
  expect(result.code, result.stderr).toBe(0);
  if (CAPTURE) writeFixture(`${name}.jsonl`, normalise(slimEvents(result.stdout)));
  const { plan, comment } = buildPlan(result.stdout, { root: project.dir, stack: "test" });
  return { plan, markdown: normalise(comment.markdown), stdout: result.stdout };
}

describe("npm run plan on real previews", () => {
  it(
    "lists new links with their amounts and counts them as creates",
    async () => {
      const project = await freshProject();
      declare(project, FIRST);
      const { plan: facts, markdown } = await plan(project, "create");
      expect(facts.status).toBe("changes");
      expect(facts.counts.create).toBe(7);
      await expect(markdown).toMatchFileSnapshot(`${SNAPSHOTS}/create.md`);
    },
    STEP,
  );

  it(
    "shows an unpaid price change in place, a pause, a publish, a declared archive and a removed link",
    async () => {
      const project = await projectWithLinks(FIRST);
      declare(project, SECOND);
      const { plan: facts, markdown } = await plan(project, "update-pause-publish-archive");
      expect(Object.fromEntries(facts.links.map((link) => [link.name, link.action]))).toEqual({
        "to-archive": "archive",
        "to-remove": "archive",
        donation: "update",
        "price-unpaid": "update",
        "to-pause": "pause",
        "draft-first": "publish",
      });
      expect(facts.counts.unchanged).toBe(1);
      await expect(markdown).toMatchFileSnapshot(`${SNAPSHOTS}/update-pause-publish-archive.md`);
    },
    STEP,
  );

  it(
    "shows a price change after payment as archive-and-recreate, with the reason and the URL that stops working",
    async () => {
      const project = await projectWithLinks(SECOND);
      const paid = project.sandbox.links().find((link) => link.title === "Price paid")!;
      expect((await project.api("POST", `/sandbox/links/${paid.id}/pay`, { payer: "customer@example.com" })).status).toBe(201);
      declare(project, { ...SECOND, "price-paid": fixed("Price paid", { amount: 1500, metadata: { campaign: "spring" } }) });
      const { plan: facts, markdown, stdout } = await plan(project, "price-change-after-payment");
      const replaced = facts.links.find((link) => link.name === "price-paid")!;
      expect(replaced.action).toBe("archive-and-recreate");
      expect(replaced.replaceReason).toContain("amount cannot change once the link has been paid (paid 1 time)");
      expect(replaced.url?.from).toBe(`${project.sandbox.payUrl}/${paid.slug}`);
      await expect(markdown).toMatchFileSnapshot(`${SNAPSHOTS}/price-change-after-payment.md`);

      // The `--json` document says the same links, actions and fields, but drops policy events and
      // the provider's machine notes (debug lines): the reason is then worked out from the fields,
      // and the provider's warning is kept as it was said.
      const document = await project.run(["preview", "--json"]);
      if (CAPTURE) {
        writeFixture(
          "price-change-after-payment.json",
          normalise(document.stdout.replace(/"__provider": "(?:[^"\\]|\\.)*"/g, '"__provider": "(provider text)"')),
        );
      }
      expect(parsePreview(document.stdout).unlistedSames).toBe(parsePreview(stdout).steps.filter((step) => step.op === "same").length - 1);
      const fromDocument = buildPlan(document.stdout, { root: project.dir, stack: "test" }).plan;
      const essentials = (links: typeof facts.links) => links.map(({ name, action, fields, url }) => ({ name, action, fields, url }));
      expect(essentials(fromDocument.links)).toEqual(essentials(facts.links));
      const documented = fromDocument.links.find((link) => link.name === "price-paid")!;
      expect(documented.replaceReason).toBe("amount cannot change in place on this link (paid, or ended)");
      expect(documented.notes.join("\n")).toContain("will be REPLACED: amount cannot change once the link has been paid (paid 1 time)");
    },
    STEP,
  );

  it(
    "says there is nothing to change, and counts the unchanged links",
    async () => {
      const project = await projectWithLinks(SECOND);
      const { plan: facts, markdown } = await plan(project, "no-changes");
      expect(facts.status).toBe("no-changes");
      await expect(markdown).toMatchFileSnapshot(`${SNAPSHOTS}/no-changes.md`);
    },
    STEP,
  );
});
