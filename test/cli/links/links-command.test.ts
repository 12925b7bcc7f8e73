// `mytpe-links links` through the package's real command line, against a throwaway project whose
// stack was provisioned by the real Pulumi CLI into an in-process sandbox.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LinksJson } from "../../../src/cli/links/links-json.ts";
import { linksYaml } from "../../harness/temp-project.ts";
import { createCliProject, type CliProject } from "./cli-project.ts";
import { decodePngFile } from "./qr-decode.ts";
import { stepTimeout } from "../../harness/step-timeout.ts";

const SETUP = 10 * 60_000;
const STEP = stepTimeout(8_000);

const DECLARED = {
  voucher: {
    title: "Spring voucher — 10,000 DZD",
    amount_mode: "fixed",
    amount: 10000,
    usage_mode: "limited",
    max_uses: 500,
    metadata: { campaign: "spring", region: "alger" },
  },
  donation: { title: "Solidarity fund", amount_mode: "open", min_amount: 100, max_amount: 50000, usage_mode: "reusable", metadata: { campaign: "spring" } },
  "early-bird": { title: "Early-bird ticket", amount_mode: "fixed", amount: 2500.5, usage_mode: "reusable", status: "paused" },
};

/** Reads a link's public URL the way the stack exported it. */
async function urls(project: CliProject): Promise<Record<string, string>> {
  return JSON.parse((await project.run(["stack", "output", "linkUrls", "--json"])).stdout) as Record<string, string>;
}

describe("mytpe-links links", () => {
  let project: CliProject;
  let url: Record<string, string>;

  beforeAll(async () => {
    project = await createCliProject();
    project.writeLinks(linksYaml(project.sandbox.instances.ready, DECLARED), "spring.yaml");
    await project.run(["up", "--yes"]);
    url = await urls(project);
    const id = (title: string) => project.sandbox.links().find((link) => link.title === title)!.id;
    await project.api("POST", `/sandbox/links/${id(DECLARED.voucher.title)}/pay`, {});
    await project.api("POST", `/sandbox/links/${id(DECLARED.donation.title)}/pay`, { amount: 2500 });
    await project.api("POST", `/sandbox/links/${id(DECLARED.donation.title)}/pay`, { amount: 1200.5 });
  }, SETUP);
  afterAll(async () => project?.dispose());

  it(
    "prints one line per link — name, status, URL, payments, money collected, file — then totals per status and currency, and exits 0",
    async () => {
      const result = await project.cli(["links"]);
      expect(result.code, result.stderr).toBe(0);
      const lines = result.stdout.trimEnd().split("\n");
      expect(lines[0]).toMatch(/^NAME\s+STATUS\s+URL\s+PAID\s+COLLECTED\s+FILE\s+DRIFT$/);
      expect(lines.slice(1, 4)).toEqual([
        expect.stringMatching(new RegExp(`^donation\\s+active\\s+${escapedForRegExp(url["donation"]!)}\\s+2\\s+3,700\\.50 DZD\\s+links/spring\\.yaml$`)),
        expect.stringMatching(new RegExp(`^early-bird\\s+paused\\s+${escapedForRegExp(url["early-bird"]!)}\\s+0\\s+0\\.00 DZD\\s+links/spring\\.yaml$`)),
        expect.stringMatching(new RegExp(`^voucher\\s+active\\s+${escapedForRegExp(url["voucher"]!)}\\s+1\\s+10,000\\.00 DZD\\s+links/spring\\.yaml$`)),
      ]);
      expect(lines.slice(4)).toEqual(["", "3 links: 2 active, 1 paused", "Collected: 13,700.50 DZD in 3 payments"]);
    },
    STEP,
  );

  it(
    "reads the live links with one listing of their instance, not one request per link, and writes nothing",
    async () => {
      project.sandbox.resetRequests();
      expect((await project.cli(["links"])).code).toBe(0);
      expect(project.sandbox.requests.map((request) => request.route).sort()).toEqual(["GET /instances/{id}", "GET /links"]);
    },
    STEP,
  );

  it(
    "gives scripts the same report as JSON",
    async () => {
      const result = await project.cli(["links", "--json"]);
      expect(result.code).toBe(0);
      const json = JSON.parse(result.stdout) as LinksJson;
      expect(json).toMatchObject({
        stack: "test",
        drift: false,
        totals: { by_status: { active: 2, paused: 1 }, by_currency: { DZD: { links: 3, paid_count: 3, total_collected: "13700.50" } } },
      });
      expect(json.links.find((link) => link.name === "voucher")).toMatchObject({
        title: DECLARED.voucher.title,
        status: "active",
        url: url["voucher"],
        paid_count: 1,
        total_collected: "10000.00",
        amount: "10000.00",
        currency: "DZD",
        metadata: { campaign: "spring", region: "alger" },
        file: "links/spring.yaml",
        drift: [],
      });
    },
    STEP,
  );

  it(
    "writes CSV for mail merges: fixed columns, one column per metadata key, RFC 4180 quoting",
    async () => {
      const result = await project.cli(["links", "--format", "csv"]);
      expect(result.code).toBe(0);
      expect(result.stdout.split("\r\n")).toEqual([
        "name,title,url,status,amount,currency,campaign,region",
        `donation,Solidarity fund,${url["donation"]},active,,DZD,spring,`,
        `early-bird,Early-bird ticket,${url["early-bird"]},paused,2500.50,DZD,,`,
        `voucher,"Spring voucher — 10,000 DZD",${url["voucher"]},active,10000.00,DZD,spring,alger`,
        "",
      ]);
    },
    STEP,
  );

  it(
    "writes a QR code per active link that decodes to its URL, and the contact sheet",
    async () => {
      const result = await project.cli(["links", "--qr", "qr"]);
      expect(result.code).toBe(0);
      expect(result.stderr).toContain("QR codes of 2 active links (SVG and PNG) and the contact sheet: qr/index.html (5 files)");
      expect(readdirSync(join(project.dir, "qr")).sort()).toEqual(["donation.png", "donation.svg", "index.html", "voucher.png", "voucher.svg"]);
      expect(decodePngFile(join(project.dir, "qr", "voucher.png"))).toBe(url["voucher"]);
      expect(decodePngFile(join(project.dir, "qr", "donation.png"))).toBe(url["donation"]);
      expect(readFileSync(join(project.dir, "qr", "index.html"), "utf8")).toContain(`<a href="${url["voucher"]}">`);
    },
    STEP,
  );

  it(
    "refreshes every N seconds with --watch until interrupted, then exits with the last refresh's code",
    async () => {
      const reports = (stdout: string) => stdout.split("Collected: ").length - 1;
      const result = await project.cli(["links", "--watch", "1"], { stopWhen: (stdout) => reports(stdout) >= 2 });
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toMatch(/^Stack test, .+; refreshed every 1 s, Ctrl-C to stop$/m);
      expect(reports(result.stdout)).toBeGreaterThanOrEqual(2);
    },
    STEP,
  );

  it(
    "answers --help with its usage and exit 0, without reading the stack or calling the API",
    async () => {
      project.sandbox.resetRequests();
      const result = await project.cli(["links", "--help"]);
      expect(result).toMatchObject({ code: 0, stderr: "" });
      expect(result.stdout).toMatch(/^usage: mytpe-links links \[--stack NAME\]/);
      expect(result.stdout).toContain("Exit codes: 0 every link matches the stack's state; 3 some link drifted (or is gone)");
      expect(project.sandbox.requests).toEqual([]);
    },
    STEP,
  );

  it(
    "refuses an unknown option with exit 2 and the usage",
    async () => {
      const result = await project.cli(["links", "--verbose"]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/^Unknown option '--verbose'[\s\S]*\nusage: mytpe-links links/);
    },
    STEP,
  );

  it(
    "says once, plainly, that a stack does not exist, and exits 1",
    async () => {
      const result = await project.cli(["links", "--stack", "nope"]);
      expect(result.code).toBe(1);
      expect(result.stderr.trim().split("\n")).toEqual([expect.stringContaining("mytpe-links links: the project has no stack nope in the backend")]);
    },
    STEP,
  );
});

function escapedForRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
