// What `mytpe-links up` says of a long run: links done out of the links declared, from the
// engine's event log; and through the real CLI, against a rate-limited API.
import { appendFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FileTail, progressLine, progressOf } from "../../src/cli/up-progress.ts";
import { PAYMENT_LINK_TYPE } from "../../src/provider/protocol.ts";
import { linksYaml } from "../harness/temp-project.ts";
import { createCliProject, type CliProject } from "./links/cli-project.ts";
import { stepTimeout } from "../harness/step-timeout.ts";

const STEP = stepTimeout(22_000);

const event = (kind: string, type = PAYMENT_LINK_TYPE) => JSON.stringify({ sequence: 1, [kind]: { metadata: { type, urn: "u" } } });

describe("the progress of a run", () => {
  it("counts the links begun and ended, and nothing else", () => {
    const lines = [
      event("resourcePreEvent"),
      event("resourcePreEvent"),
      event("resOutputsEvent"),
      event("resOutputsEvent", "pulumi:pulumi:Stack"),
      '{"half a li',
    ];
    expect(progressOf(lines)).toEqual({ started: 2, done: 1 });
    expect(progressOf([event("resOutputsEvent")], { started: 2, done: 1 })).toEqual({ started: 2, done: 2 });
  });

  it.each([
    [{ started: 3, done: 2 }, 120, "mytpe-links: 2/120 links done"],
    [{ started: 3, done: 2 }, undefined, "mytpe-links: 2 links done, 1 in progress"],
    [{ started: 1, done: 1 }, undefined, "mytpe-links: 1 link done, 0 in progress"],
  ])("says %j of %s declared as %s", (progress, declared, line) => {
    expect(progressLine(progress, declared)).toBe(line);
  });

  it("reads only the whole lines written since the last read", () => {
    const folder = mkdtempSync(join(tmpdir(), "mytpe-tail-"));
    const file = join(folder, "events.jsonl");
    const tail = new FileTail(file);
    expect(tail.lines()).toEqual([]);
    appendFileSync(file, "one\ntw");
    expect(tail.lines()).toEqual(["one"]);
    appendFileSync(file, "o\nthree\n");
    expect(tail.lines()).toEqual(["two", "three"]);
    rmSync(folder, { recursive: true });
  });
});

describe("mytpe-links up against a rate-limited API", () => {
  let cli: CliProject;
  beforeAll(async () => {
    cli = await createCliProject();
  }, 120_000);
  afterAll(async () => cli?.dispose());

  it(
    "says how many of the declared links are done while the run goes on",
    async () => {
      const links = Object.fromEntries(
        Array.from({ length: 40 }, (_, i) => [`slow-${i}`, { title: `Slow ${i}`, amount_mode: "fixed", amount: 10 + i, usage_mode: "reusable" }]),
      );
      cli.writeLinks(linksYaml(cli.sandbox.instances.ready, links));
      cli.sandbox.setFaults({ rate_limit: { limit: 8, window_s: 1 } });
      const result = await cli.cli(["up", "--stack", "test"], { env: { MYTPE_PROGRESS_SECONDS: "1" } });

      expect(result.code).toBe(0);
      const said = [...result.stderr.matchAll(/mytpe-links: (\d+)\/40 links done/g)].map((match) => Number(match[1]));
      expect(said.length).toBeGreaterThan(0);
      expect(said).toEqual([...said].sort((a, b) => a - b));
      expect(cli.sandbox.links().filter((link) => link.status === "active")).toHaveLength(40);
    },
    STEP,
  );
});
