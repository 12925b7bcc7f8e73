// Bringing links made in the dashboard under management, through the real command line:
// `links --generate-yaml` writes their declarations, `check` accepts them, `preview` shows each
// adopted with no change and no API write, and `up` writes nothing but state.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { linksYaml } from "../../harness/temp-project.ts";
import { createCliProject, type CliProject, type CliResult } from "./cli-project.ts";
import { stepTimeout } from "../../harness/step-timeout.ts";

const SETUP = 10 * 60_000;
const STEP = stepTimeout(38_000);

describe("mytpe-links links --generate-yaml", () => {
  let project: CliProject;
  // What the first steps a user takes said: generate the file, then preview it. The tests read
  // these; the test of up is the only one that changes the stack, and no other reads what it leaves.
  let generated: CliResult;
  let generatedWrites: (string | null)[];
  let preview: CliResult;
  let previewWrites: (string | null)[];
  const made: Record<string, string> = {};
  const writes = () => project.sandbox.requests.filter((request) => request.method !== "GET").map((request) => request.route);

  /** Creates a link as the MyTPE dashboard would, then brings it to `status`. */
  async function dashboardLink(key: string, fields: Record<string, unknown>, actions: string[] = []): Promise<void> {
    const created = await project.api("POST", "/links", { payment_instance_id: project.sandbox.instances.ready, ...fields });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = String(created.body.data["id"]);
    for (const action of actions) expect((await project.api("POST", `/links/${id}/${action}`)).status).toBe(200);
    made[key] = id;
  }

  beforeAll(async () => {
    project = await createCliProject();
    project.writeLinks(
      linksYaml(project.sandbox.instances.ready, { managed: { title: "Managed", amount_mode: "fixed", amount: 1000, usage_mode: "reusable" } }),
      "managed.yaml",
    );
    await project.run(["up", "--yes"]);
    await dashboardLink(
      "cafe",
      {
        title: "Café des Arts — abonnement",
        amount_mode: "fixed",
        amount: "1200.50",
        usage_mode: "limited",
        max_uses: 20,
        expires_at: "2027-12-31T23:00:00+01:00",
        metadata: { campaign: "dashboard", ref: "A-1" },
      },
      ["publish"],
    );
    await dashboardLink(
      "vip",
      {
        title: "VIP: list #1",
        description: "Only for members",
        amount_mode: "open",
        min_amount: 100,
        usage_mode: "whitelist",
        allowed_payers: ["a@example.dz", "+213555123456"],
        form_id: project.sandbox.forms.published,
      },
      ["publish", "pause"],
    );
    await dashboardLink("concert", {
      title: "Concert",
      amount_mode: "fixed",
      amount: 3000,
      usage_mode: "time_window",
      starts_at: "2027-05-01T18:00:00+01:00",
      ends_at: "2027-05-01T23:00:00+01:00",
    });
    await dashboardLink("capped", { title: "Concert", amount_mode: "fixed", amount: 5000, usage_mode: "capped_amount", target_amount: 100000 }, ["publish"]);
    await dashboardLink("archived", { title: "Old promo", amount_mode: "fixed", amount: 3000, usage_mode: "reusable" }, ["archive"]);
    await dashboardLink("marked", {
      title: "Another stack's",
      amount_mode: "fixed",
      amount: 3000,
      usage_mode: "reusable",
      metadata: { _pulumi_link: "other-project/prod/x" },
    });
    project.sandbox.resetRequests();
    generated = await project.cli(["links", "--generate-yaml", "links/adopted.yaml"]);
    generatedWrites = writes();
    project.sandbox.resetRequests();
    preview = await project.run(["preview"]);
    previewWrites = writes();
  }, SETUP);
  afterAll(async () => project?.dispose());

  it("writes a declaration with adopt for every live link the stack does not manage, and says which it left out and why", () => {
    expect(generated.code, generated.stderr).toBe(0);
    expect(generated.stdout.trim().split("\n")).toEqual([
      `Left out ${made["archived"]} "Old promo": archived: an ended link cannot be taken under management`,
      `Left out ${made["marked"]} "Another stack's": carries the mark of a Pulumi-managed link (other-project/prod/x): its stack manages it`,
      "Wrote 4 declarations to links/adopted.yaml: cafe-des-arts-abonnement, vip-list-1, concert, concert-2",
      "Next: mytpe-links check, then mytpe-links pulumi preview (each link adopted, with no change), then mytpe-links up.",
    ]);
    const yaml = readFileSync(join(project.dir, "links", "adopted.yaml"), "utf8");
    expect(yaml.split("\n")[0]).toBe("# yaml-language-server: $schema=../node_modules/mytpe-links/schema/links.schema.json");
    expect(yaml).toContain(`defaults:\n  payment_instance_id: ${project.sandbox.instances.ready}\n  currency: DZD\n`);
    expect(yaml).toContain(`  cafe-des-arts-abonnement:\n    adopt: ${made["cafe"]}\n`);
    expect(yaml).toContain('    amount: "1200.50"\n');
    expect(yaml).toMatch(/ {4}expires_at: 2027-12-31T22:00:00\.\d+Z\n/);
    expect(yaml).toContain(`    form_id: ${project.sandbox.forms.published}\n`);
    expect(yaml).toContain('    allowed_payers:\n      - a@example.dz\n      - "+213555123456"\n    status: paused\n');
    // Reading the live links wrote nothing.
    expect(generatedWrites).toEqual([]);
  });

  it(
    "produces a file that check accepts, alongside the stack's other files",
    async () => {
      const result = await project.cli(["check", "--stack", "test"]);
      expect(result).toMatchObject({ code: 0, stdout: "5 links OK in 2 files\n" });
    },
    STEP,
  );

  it("is previewed as each link adopted with no change, and no API write", () => {
    for (const key of ["cafe", "vip", "concert", "capped"]) {
      expect(preview.stdout).toMatch(
        new RegExp(`adopts existing link ${made[key]} \\([a-z0-9-]+\\) instead of creating one; it already matches the declaration`),
      );
    }
    expect(previewWrites).toEqual([]);
  });

  it(
    "is taken under management by up with one write per link, its mark, after which nothing drifts and nothing is left to adopt",
    async () => {
      project.sandbox.resetRequests();
      await project.run(["up", "--yes"]);
      // The mark makes the link this stack's: no other declaration, here or elsewhere, can take it.
      expect(writes()).toEqual(["PUT /links/{id}", "PUT /links/{id}", "PUT /links/{id}", "PUT /links/{id}"]);
      for (const key of ["cafe", "vip", "concert", "capped"]) {
        expect(project.sandbox.links().find((link) => link.id === made[key])?.metadata?.["_pulumi_link"]).toMatch(/^urn:pulumi:test::/);
      }
      const exported = await project.exportStack();
      const ids = exported.deployment.resources.filter((resource) => resource.id && resource.type.includes("PaymentLink")).map((resource) => resource.id);
      expect(ids).toEqual(expect.arrayContaining([made["cafe"], made["vip"], made["concert"], made["capped"]]));

      const links = await project.cli(["links"]);
      expect(links.code, links.stdout).toBe(0);
      expect(links.stdout).toContain("5 links: 1 draft, 3 active, 1 paused");
      const again = await project.cli(["links", "--generate-yaml", "links/more.yaml"]);
      expect(again.code).toBe(0);
      expect(again.stdout).toContain("Every live link is managed by stack test or cannot be adopted: nothing to write.");
    },
    STEP,
  );

  it(
    "never overwrites a file",
    async () => {
      const result = await project.cli(["links", "--generate-yaml", "links/managed.yaml"]);
      expect(result.code).toBe(1);
      expect(result.stderr.trim().split("\n")).toEqual(["links/managed.yaml already exists: give a new file name (nothing was written)"]);
    },
    STEP,
  );
});
