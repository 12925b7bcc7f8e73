// End to end through the real Pulumi CLI: YAML in links/, `pulumi up`, and the sandbox's state
// asserted after each step.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Link } from "../../src/sandbox/link.ts";
import { createE2eProject, linksYaml, type E2eProject } from "../harness/temp-project.ts";

const CLI_BUILD_TIMEOUT = 20 * 60_000;
const STEP_TIMEOUT = 120_000;

describe("pulumi up against the sandbox", () => {
  let project: E2eProject;
  const live = (title: string): Link => {
    const found = project.sandbox.links().filter((link) => link.title === title);
    expect(found, `links titled ${title}`).toHaveLength(1);
    return found[0]!;
  };
  const declare = (links: Record<string, Record<string, unknown>>) =>
    project.writeLinks(linksYaml(project.sandbox.instances.ready, links));
  const fixed = (title: string, extra: Record<string, unknown> = {}) => ({
    title,
    amount_mode: "fixed",
    amount: 1500,
    usage_mode: "reusable",
    ...extra,
  });

  beforeAll(async () => {
    project = await createE2eProject();
  }, CLI_BUILD_TIMEOUT);
  afterAll(async () => project?.dispose());

  it("creates one link per declaration, each in its declared status, and exports its URL", async () => {
    declare({
      "as-draft": fixed("As draft", { status: "draft" }),
      "as-active": fixed("As active"),
      "as-paused": fixed("As paused", { status: "paused" }),
      "as-archived": fixed("As archived", { status: "archived" }),
    });
    await project.run(["up", "--yes"]);

    expect(project.sandbox.links()).toHaveLength(4);
    expect(live("As draft").status).toBe("draft");
    expect(live("As active").status).toBe("active");
    expect(live("As paused").status).toBe("paused");
    expect(live("As archived").status).toBe("archived");
    expect(live("As active").amount).toBe("1500.00");

    const outputs = JSON.parse((await project.run(["stack", "output", "linkUrls", "--json"])).stdout) as Record<string, string>;
    expect(outputs["as-active"]).toBe(`${project.sandbox.payUrl}/${live("As active").slug}`);
  }, STEP_TIMEOUT);

  it("a second up with nothing changed makes no API call at all", async () => {
    project.sandbox.resetRequests();
    const result = await project.run(["up", "--yes"]);
    expect(result.stdout).toMatch(/5 unchanged/);
    expect(project.sandbox.requests).toEqual([]);
  }, STEP_TIMEOUT);

  it("changing a title updates the link in place: same id, same slug, same URL", async () => {
    const before = live("As active");
    declare({
      "as-draft": fixed("As draft", { status: "draft" }),
      "as-active": fixed("Renamed active"),
      "as-paused": fixed("As paused", { status: "paused" }),
      "as-archived": fixed("As archived", { status: "archived" }),
    });
    project.sandbox.resetRequests();
    await project.run(["up", "--yes"]);

    const after = live("Renamed active");
    expect(after.id).toBe(before.id);
    expect(after.slug).toBe(before.slug);
    expect(project.sandbox.links()).toHaveLength(4);
    const writes = project.sandbox.requests.filter((request) => request.method !== "GET").map((request) => request.route);
    expect(writes).toEqual(["PUT /links/{id}"]);
  }, STEP_TIMEOUT);

  it("changing the declared status pauses an active link and resumes a paused one", async () => {
    declare({
      "as-draft": fixed("As draft", { status: "draft" }),
      "as-active": fixed("Renamed active", { status: "paused" }),
      "as-paused": fixed("As paused", { status: "active" }),
      "as-archived": fixed("As archived", { status: "archived" }),
    });
    await project.run(["up", "--yes"]);

    expect(live("Renamed active").status).toBe("paused");
    expect(live("As paused").status).toBe("active");
    expect(project.sandbox.links()).toHaveLength(4);
  }, STEP_TIMEOUT);

  it("asking a published link to go back to draft is refused at preview, with the reason", async () => {
    declare({
      "as-draft": fixed("As draft", { status: "draft" }),
      "as-active": fixed("Renamed active", { status: "draft" }),
      "as-paused": fixed("As paused", { status: "active" }),
      "as-archived": fixed("As archived", { status: "archived" }),
    });
    project.sandbox.resetRequests();
    const result = await project.pulumi(["preview"]);
    expect(result.code).not.toBe(0);
    expect(result.stdout + result.stderr).toContain("a published link cannot go back to draft");
    expect(project.sandbox.requests.filter((request) => request.method !== "GET")).toEqual([]);
  }, STEP_TIMEOUT);

  it("removing a declaration archives its link", async () => {
    declare({
      "as-draft": fixed("As draft", { status: "draft" }),
      "as-paused": fixed("As paused", { status: "active" }),
      "as-archived": fixed("As archived", { status: "archived" }),
    });
    await project.run(["up", "--yes"]);

    expect(live("Renamed active").status).toBe("archived");
    expect(live("As draft").status).toBe("draft");
  }, STEP_TIMEOUT);

  it("destroy archives every remaining link and creates none", async () => {
    await project.run(["destroy", "--yes"]);

    const links = project.sandbox.links();
    expect(links).toHaveLength(4);
    expect(links.map((link) => link.status)).toEqual(["archived", "archived", "archived", "archived"]);
  }, STEP_TIMEOUT);
});
