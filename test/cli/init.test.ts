// `mytpe-links init` in-process: what a campaign repository starts with for the rules of
// docs/team-setup.md (issue 28): the workflow as this repository runs it, CODEOWNERS with the
// owners given (placeholders, said, when not), the rulesets and the Dependabot config.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { initCommand } from "../../src/cli/init.ts";
import { REPO } from "../harness/temp-project.ts";

describe("mytpe-links init", () => {
  let dir: string;
  let said: string[];
  const init = (...args: string[]) => initCommand([dir, ...args], { cwd: dir, out: (line) => said.push(line), err: (line) => said.push(line) });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "init-"));
    said = [];
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("writes the workflow this repository runs, its Dependabot config and the rulesets", () => {
    expect(init()).toBe(0);
    expect(readFileSync(join(dir, ".github", "workflows", "links.yml"), "utf8")).toBe(readFileSync(join(REPO, ".github", "workflows", "links.yml"), "utf8"));
    expect(readFileSync(join(dir, ".github", "dependabot.yml"), "utf8")).toBe(readFileSync(join(REPO, ".github", "dependabot.yml"), "utf8"));
    for (const ruleset of ["main.json", "workflows.json"]) expect(existsSync(join(dir, ".github", "rulesets", ruleset))).toBe(true);
  });

  it("names the owners given in CODEOWNERS, several per line", () => {
    expect(init("--maintainers", "@acme/maintainers @alice", "--campaign-owners", "@acme/campaigns ops@acme.example")).toBe(0);
    const codeowners = readFileSync(join(dir, ".github", "CODEOWNERS"), "utf8");
    expect(codeowners).toContain("\n*                   @acme/maintainers @alice\n");
    expect(codeowners).toContain("\n/links/**/*.yaml    @acme/campaigns ops@acme.example\n");
    expect(said.join("\n")).not.toContain("CODEOWNERS");
  });

  it("writes placeholders for owners not given, and says to replace them", () => {
    expect(init("--campaign-owners", "@acme/campaigns")).toBe(0);
    expect(readFileSync(join(dir, ".github", "CODEOWNERS"), "utf8")).toContain("*                   @your-org/payment-links-maintainers\n");
    expect(said.at(-1)).toBe(
      "Before the first pull request: name the owners in .github/CODEOWNERS (@your-org/payment-links-maintainers stand for your teams), and apply the repository's rules (mytpe-links docs/team-setup.md).",
    );
  });

  it.each([
    ["--maintainers", "acme/maintainers"],
    ["--campaign-owners", "@acme/campaigns\n* @mallory"],
    ["--maintainers", " "],
  ])("refuses %s %j and writes nothing", (option, value) => {
    expect(init(option, value)).toBe(2);
    expect(said.at(-1)).toMatch(new RegExp(`^${option}: expected @organisation/team, @login or an email`));
    expect(existsSync(join(dir, "Pulumi.yaml"))).toBe(false);
  });
});
