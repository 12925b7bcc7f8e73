// End to end through the real Pulumi CLI: YAML in links/, `pulumi up`, and the sandbox's state
// asserted after it. Each test starts from a project of its own, or reads the one up of the first
// describe without changing anything.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Link } from "../../src/sandbox/link.ts";
import { projectWithLinks, type Declared } from "../harness/project-states.ts";
import { createE2eProject, linksYaml, type E2eProject } from "../harness/temp-project.ts";
import { stepTimeout } from "../harness/step-timeout.ts";

const SETUP = 10 * 60_000;
const STEP = stepTimeout(19_000);

const fixed = (title: string, extra: Record<string, unknown> = {}) => ({ title, amount_mode: "fixed", amount: 1500, usage_mode: "reusable", ...extra });
const live = (project: E2eProject, title: string): Link => {
  const found = project.sandbox.links().filter((link) => link.title === title);
  expect(found, `links titled ${title}`).toHaveLength(1);
  return found[0]!;
};
const writes = (project: E2eProject) => project.sandbox.requests.filter((request) => request.method !== "GET").map((request) => request.route);

/** One link in each status a declaration can ask for. */
const EACH_STATUS: Declared = {
  "as-draft": fixed("As draft", { status: "draft" }),
  "as-active": fixed("As active"),
  "as-paused": fixed("As paused", { status: "paused" }),
  "as-archived": fixed("As archived", { status: "archived" }),
};

describe("pulumi up of links declared in each status", () => {
  let project: E2eProject;
  const declare = (links: Declared) => project.writeLinks(linksYaml(project.sandbox.instances.ready, links));

  beforeAll(async () => {
    project = await createE2eProject();
    declare(EACH_STATUS);
    await project.run(["up", "--yes"]);
  }, SETUP);
  afterAll(async () => project?.dispose());

  it(
    "creates one link per declaration, each in its declared status, and exports its URL",
    async () => {
      expect(project.sandbox.links()).toHaveLength(4);
      expect(live(project, "As draft").status).toBe("draft");
      expect(live(project, "As active").status).toBe("active");
      expect(live(project, "As paused").status).toBe("paused");
      expect(live(project, "As archived").status).toBe("archived");
      expect(live(project, "As active").amount).toBe("1500.00");

      const outputs = JSON.parse((await project.run(["stack", "output", "linkUrls", "--json"])).stdout) as Record<string, string>;
      expect(outputs["as-active"]).toBe(`${project.sandbox.payUrl}/${live(project, "As active").slug}`);
    },
    STEP,
  );

  it(
    "writes nothing on a second up with nothing changed, and reads only its instance's listing, once per phase",
    async () => {
      declare(EACH_STATUS);
      project.sandbox.resetRequests();
      const result = await project.run(["up", "--yes"]);
      expect(result.stdout).toMatch(/5 unchanged/);
      // Each link is checked to be this stack's, and for what a killed run may have left, from one
      // listing of its payment instance: in the preview, then in the update.
      expect(project.sandbox.requests.map((request) => request.route)).toEqual(["GET /instances/{id}", "GET /links", "GET /instances/{id}", "GET /links"]);
    },
    STEP,
  );

  it(
    "refuses at preview, with the reason and no write, a published link asked to go back to draft",
    async () => {
      declare({ ...EACH_STATUS, "as-active": fixed("As active", { status: "draft" }) });
      project.sandbox.resetRequests();
      const result = await project.pulumi(["preview"]);
      expect(result.code).not.toBe(0);
      expect(result.stdout + result.stderr).toContain("a published link cannot go back to draft");
      expect(writes(project)).toEqual([]);
    },
    STEP,
  );
});

describe("pulumi up of changed declarations", () => {
  it(
    "updates a link in place when its title changes: same id, same slug, one PUT",
    async () => {
      const project = await projectWithLinks({ voucher: fixed("Voucher") });
      const before = live(project, "Voucher");
      project.writeLinks(linksYaml(project.sandbox.instances.ready, { voucher: fixed("Renamed voucher") }));
      project.sandbox.resetRequests();
      await project.run(["up", "--yes", "--skip-preview"]);

      expect(project.sandbox.links()).toEqual([expect.objectContaining({ id: before.id, slug: before.slug, title: "Renamed voucher" })]);
      expect(writes(project)).toEqual(["PUT /links/{id}"]);
    },
    STEP,
  );

  it(
    "pauses an active link and resumes a paused one when their declared status changes",
    async () => {
      const project = await projectWithLinks({ "to-pause": fixed("To pause"), "to-resume": fixed("To resume", { status: "paused" }) });
      project.writeLinks(
        linksYaml(project.sandbox.instances.ready, {
          "to-pause": fixed("To pause", { status: "paused" }),
          "to-resume": fixed("To resume", { status: "active" }),
        }),
      );
      await project.run(["up", "--yes", "--skip-preview"]);

      expect(live(project, "To pause").status).toBe("paused");
      expect(live(project, "To resume").status).toBe("active");
      expect(project.sandbox.links()).toHaveLength(2);
    },
    STEP,
  );

  it(
    "archives the link of a removed declaration, and leaves the others as they are",
    async () => {
      const project = await projectWithLinks({ kept: fixed("Kept", { status: "draft" }), removed: fixed("Removed") });
      project.writeLinks(linksYaml(project.sandbox.instances.ready, { kept: fixed("Kept", { status: "draft" }) }));
      await project.run(["up", "--yes", "--skip-preview"]);

      expect(live(project, "Removed").status).toBe("archived");
      expect(live(project, "Kept").status).toBe("draft");
    },
    STEP,
  );

  it(
    "archives every link on destroy, whatever its status, and creates none",
    async () => {
      const project = await projectWithLinks(EACH_STATUS);
      await project.run(["destroy", "--yes"]);

      expect(project.sandbox.links().map((link) => link.status)).toEqual(["archived", "archived", "archived", "archived"]);
    },
    STEP,
  );
});
