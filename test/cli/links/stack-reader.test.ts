// Where `links` finds the API for a stack that keeps its credentials as secrets in its config, as
// a production stack does: read as the provider reads them, which needs the stack's passphrase.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { linksYaml } from "../../harness/temp-project.ts";
import { createCliProject, type CliProject } from "./cli-project.ts";
import { stepTimeout } from "../../harness/step-timeout.ts";

const SETUP = 10 * 60_000;
const STEP = stepTimeout(6_000);

describe("the API settings of a stack with secret credentials", () => {
  let project: CliProject;

  beforeAll(async () => {
    project = await createCliProject({ secretsInConfig: true });
    project.writeLinks(
      linksYaml(project.sandbox.instances.ready, { voucher: { title: "Voucher", amount_mode: "fixed", amount: 1000, usage_mode: "reusable" } }),
    );
    await project.run(["up", "--yes"]);
  }, SETUP);
  afterAll(async () => project?.dispose());

  it(
    "decrypts mytpe:apiKey and mytpe:apiSecret with the stack's passphrase, as pulumi up does",
    async () => {
      const result = await project.cli(["links"]);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toMatch(/^voucher\s+active\s/m);
    },
    STEP,
  );

  it(
    "says once, plainly, that the passphrase is needed to read them",
    async () => {
      const result = await project.cli(["links"], { env: { PULUMI_CONFIG_PASSPHRASE: undefined } });
      expect(result.code).toBe(1);
      expect(result.stderr.trim().split("\n")).toEqual([
        "mytpe-links links: cannot read the secret mytpe:apiKey and mytpe:apiSecret of stack test: passphrase must be set with PULUMI_CONFIG_PASSPHRASE or PULUMI_CONFIG_PASSPHRASE_FILE environment variables",
      ]);
    },
    STEP,
  );

  it(
    "lists the links with MYTPE_API_* alone when the stack's config has no credentials",
    async () => {
      await project.run(["config", "rm", "mytpe:apiKey"]);
      await project.run(["config", "rm", "mytpe:apiSecret"]);
      try {
        const result = await project.cli(["links"], {
          env: { PULUMI_CONFIG_PASSPHRASE: undefined, MYTPE_API_KEY: project.sandbox.apiKey, MYTPE_API_SECRET: project.sandbox.apiSecret },
        });
        expect(result.code, result.stderr).toBe(0);
      } finally {
        await project.run(["config", "set", "--secret", "mytpe:apiKey", project.sandbox.apiKey]);
        await project.run(["config", "set", "--secret", "mytpe:apiSecret", project.sandbox.apiSecret]);
      }
    },
    STEP,
  );
});
