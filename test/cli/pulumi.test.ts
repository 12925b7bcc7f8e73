// `mytpe-links pulumi`: Pulumi with the project's environment, as `pulumi` itself behaves plus the
// sandbox — the stack named however Pulumi names it, `local` chosen (and said) when none is
// selected, the user's MYTPE_API_* winning over the sandbox's, and import pointed at `adopt:`.
import { afterEach, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { importsPaymentLink } from "../../src/cli/pulumi.ts";
import { stackOf } from "../../src/cli/pulumi-env.ts";
import { PAYMENT_LINK_TYPE } from "../../src/provider/protocol.ts";
import { linksYaml } from "../harness/temp-project.ts";
import { createCliProject, type CliProject } from "./links/cli-project.ts";
import { stepTimeout } from "../harness/step-timeout.ts";

const STEP = stepTimeout(8_000);

describe("the stack a command line names", () => {
  it.each([
    [["preview", "-s", "prod"], "prod"],
    [["preview", "-sprod"], "prod"],
    [["preview", "--stack", "prod"], "prod"],
    [["preview", "--stack=prod"], "prod"],
    [["stack", "init", "local"], "local"],
    [["stack", "select", "local", "--create"], "local"],
    [["stack", "rm", "old", "--yes"], "old"],
    [["preview", "--diff"], undefined],
    [["stack", "ls"], undefined],
  ])("%j names %s", (args, stack) => {
    expect(stackOf(args)).toBe(stack);
  });
});

describe("an import of a payment link", () => {
  it("is recognised by its type on the command line or in an import file", () => {
    expect(importsPaymentLink(["import", PAYMENT_LINK_TYPE, "voucher", "b1c2"], () => "")).toBe(true);
    expect(importsPaymentLink(["import", "--file", "links.json"], () => `{"resources":[{"type":"${PAYMENT_LINK_TYPE}"}]}`)).toBe(true);
    expect(importsPaymentLink(["import", "aws:s3/bucket:Bucket", "b", "id"], () => "")).toBe(false);
    expect(importsPaymentLink(["preview"], () => "")).toBe(false);
  });
});

describe("mytpe-links pulumi in a project", () => {
  let project: CliProject | undefined;
  afterEach(async () => {
    // The local stack's background sandbox, when a test started one.
    try {
      const info = JSON.parse(readFileSync(join(project!.dir, ".sandbox", "sandbox.json"), "utf8")) as { pid?: number };
      if (info.pid) process.kill(info.pid, "SIGTERM");
    } catch {
      // None was started.
    }
    await project?.dispose();
  });

  it(
    "runs a command that needs a stack on local when none is selected, and says so",
    async () => {
      project = await createCliProject();
      project.writeLinks(
        linksYaml(project.sandbox.instances.ready, { voucher: { title: "Voucher", amount_mode: "fixed", amount: 10, usage_mode: "reusable" } }),
      );
      await project.run(["stack", "unselect"]);
      const result = await project.cli(["pulumi", "preview"], { env: { PULUMI_CONFIG_PASSPHRASE: "mytpe-local-sandbox" } });
      expect(result.stderr).toContain("no stack was selected: selected stack local (the embedded sandbox)");
      expect(result.stderr).toContain(`stack local: API ${project.sandbox.url} (from MYTPE_API_URL)`);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain("Previewing update (local)");
    },
    STEP,
  );

  it(
    "lets MYTPE_API_SECRET from the environment win over the sandbox's, and says which API it talks to",
    async () => {
      project = await createCliProject();
      project.writeLinks(
        linksYaml(project.sandbox.instances.ready, {
          taken: { title: "Taken", amount_mode: "fixed", amount: 10, usage_mode: "reusable", adopt: "b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e" },
        }),
      );
      const result = await project.cli(["pulumi", "preview", "--stack", "local"], {
        env: {
          MYTPE_API_URL: undefined,
          MYTPE_PAY_URL: undefined,
          MYTPE_API_KEY: undefined,
          MYTPE_API_SECRET: "mts_live_00000000000000000000000000000000",
          PULUMI_CONFIG_PASSPHRASE: "mytpe-local-sandbox",
        },
      });
      expect(result.stderr).toContain("created stack local (the embedded sandbox)");
      expect(result.stderr).toMatch(
        /stack local: API http:\/\/127\.0\.0\.1:\d+\/api\/ext \(the embedded sandbox\), with MYTPE_API_SECRET from your environment/,
      );
      expect(result.stdout).toContain("Invalid API credentials.");
      expect(result.code).not.toBe(0);
    },
    STEP,
  );

  it(
    "ends an import of a payment link with the way to adopt it, before Pulumi runs",
    async () => {
      project = await createCliProject();
      const result = await project.cli(["pulumi", "import", PAYMENT_LINK_TYPE, "voucher", "b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e"]);
      expect(result.stderr).toContain("pulumi import does not work for payment links");
      expect(result.stderr).toContain("adopt: <its id>");
      expect(result.code).toBe(2);
    },
    STEP,
  );
});
