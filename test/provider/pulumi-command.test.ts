// Which stack the running Pulumi command works on, read from its command line, so that the saved
// state asked by a targeted replacement is this stack's, not a same-named one of another
// organization (src/provider/pulumi-command.ts).
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isPulumiCli, stackExport, stackFlag } from "../../src/provider/pulumi-command.ts";
import { REPO } from "../harness/temp-project.ts";

describe("stackFlag", () => {
  it.each<[string[], string | undefined]>([
    [["pulumi", "up", "--stack", "acme/campaigns/prod", "--yes"], "acme/campaigns/prod"],
    [["pulumi", "up", "--stack=acme/campaigns/prod"], "acme/campaigns/prod"],
    [["pulumi", "up", "-s", "prod", "--replace", "urn:pulumi:prod::p::t::n"], "prod"],
    [["pulumi", "up", "-s=prod"], "prod"],
    [["pulumi", "up", "-sprod"], "prod"],
    [["pulumi", "up", "--yes", "--skip-preview"], undefined],
    [["pulumi", "up", "--stack"], undefined],
    [["pulumi", "up", "--", "--stack", "not-a-flag"], undefined],
  ])("%j names %s", (argv, stack) => {
    expect(stackFlag(argv)).toBe(stack);
  });
});

describe("isPulumiCli", () => {
  it.each<[string | undefined, boolean]>([
    ["/root/.cache/mytpe-links/pulumi-3.259.0/bin/pulumi", true],
    ["pulumi", true],
    ["pulumi.exe", true],
    ["/usr/bin/node", false],
    ["/bin/sh", false],
    ["pulumi-resource-pulumi-nodejs", false],
    [undefined, false],
  ])("%s: %s", (argv0, cli) => {
    expect(isPulumiCli(argv0)).toBe(cli);
  });
});

describe("stackExport", () => {
  it("exports the stack the command was given, fully qualified as given, with the same CLI", () => {
    expect(stackExport("prod", ["/opt/pulumi/bin/pulumi", "up", "--stack", "acme/campaigns/prod"])).toEqual({
      cli: "/opt/pulumi/bin/pulumi",
      args: ["stack", "export", "--stack", "acme/campaigns/prod"],
    });
  });

  it("names no stack when the command was given none, so the export resolves it as the command did", () => {
    expect(stackExport("prod", ["/opt/pulumi/bin/pulumi", "up", "--yes"])).toEqual({ cli: "/opt/pulumi/bin/pulumi", args: ["stack", "export"] });
  });

  it("falls back to the URN's stack and the pulumi on the PATH when no command line can be read", () => {
    expect(stackExport("prod", undefined)).toEqual({ cli: "pulumi", args: ["stack", "export", "--stack", "prod"] });
  });
});

describe("pulumiCommandLine", () => {
  it("finds the command line of the pulumi process above the provider, through a shell in between", () => {
    const dir = mkdtempSync(join(tmpdir(), "mytpe-cli-"));
    try {
      // A stand-in `pulumi` (node under that name) that starts a shell, which starts the "provider".
      symlinkSync(process.execPath, join(dir, "pulumi"));
      const provider = `import("${join(REPO, "src", "provider", "pulumi-command.ts")}").then((m) => console.log(JSON.stringify(m.pulumiCommandLine())))`;
      const shell = `"${process.execPath}" --import tsx -e '${provider}'`;
      const cli = `require("node:child_process").execFileSync("/bin/sh", ["-c", ${JSON.stringify(shell)}], { stdio: "inherit", cwd: ${JSON.stringify(REPO)} })`;
      const out = execFileSync(join(dir, "pulumi"), ["-e", cli, "up", "--stack", "acme/campaigns/prod"], { encoding: "utf8", cwd: REPO });
      const argv = JSON.parse(out) as string[];
      expect(argv[0]).toBe(join(dir, "pulumi"));
      expect(stackFlag(argv)).toBe("acme/campaigns/prod");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
