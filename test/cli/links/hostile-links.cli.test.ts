// Hostile names, titles and metadata through the package's real command line (issue 21): a
// TypeScript program may name a link anything, and a title or metadata value is free text. `plan`
// shows them as code, `links --format csv` neutralises formulas, `links --qr` writes inside its
// folder only, one file per link, and the contact sheet shows them as text.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCliProject, type CliProject } from "./cli-project.ts";
import { qrFileStem } from "../../../src/cli/links/qr-file-names.ts";
import { decodePngFile } from "./qr-decode.ts";
import { stepTimeout } from "../../harness/step-timeout.ts";

const SETUP = 10 * 60_000;
const STEP = stepTimeout(8_000);
const INSTANCE = "9d6a1f3c-2b7e-4d0a-8c5f-1e2d3c4b5a69";
const LINKS = [
  { name: "../escaped", title: '=HYPERLINK("https://evil.example","Pay here")', metadata: { campaign: "@acme/finance" } },
  { name: "a/b", title: "[Pay here](https://evil.example) <img src=x onerror=alert(1)>", metadata: { campaign: "-2+3" } },
  { name: "a-b", title: "Plain", metadata: { campaign: "spring" } },
];
const PROGRAM = `
import { PaymentLink } from "mytpe-links";
for (const link of ${JSON.stringify(LINKS)}) {
  new PaymentLink(link.name, { payment_instance_id: ${JSON.stringify(INSTANCE)}, title: link.title, amount_mode: "fixed", amount: 1000, usage_mode: "reusable", metadata: link.metadata });
}
`;

describe("hostile link names, titles and metadata through the command line", () => {
  let project: CliProject;
  let planned: { code: number; markdown: string };
  const url = (title: string) => `${project.sandbox.payUrl}/${project.sandbox.links().find((link) => link.title === title)!.slug}`;

  beforeAll(async () => {
    project = await createCliProject({ program: PROGRAM });
    // The pull request's plan, then the links created.
    const plan = await project.cli(["plan", "--stack", "test"]);
    planned = { code: plan.code, markdown: readFileSync(join(project.dir, ".plan", "plan.md"), "utf8") };
    const up = await project.cli(["up", "--stack", "test"]);
    if (up.code !== 0) throw new Error(`up failed:\n${up.stdout}${up.stderr}`);
  }, SETUP);
  afterAll(async () => project?.dispose());

  it(
    "plans them as code spans: no link, image, HTML or extra cell in the comment",
    async () => {
      expect(planned.code).toBe(2);
      const rows = planned.markdown.split("\n").filter((line) => line.startsWith("| `"));
      expect(rows.map((row) => row.split(" | **create** |")[0])).toEqual([
        '| `../escaped` `"=HYPERLINK(\\"https://evil.example\\",\\"Pay here\\")"` | (removed)',
        '| `a-b` `"Plain"` | (removed)',
        '| `a/b` `"[Pay here](https://evil.example) <img src=x onerror=alert(1)>"` | (removed)',
      ]);
      // The instance that collects the money, as the API names it.
      for (const row of rows) expect(row).toContain(`| **create** | instance: \`Boutique Alger Centre\` \`${INSTANCE}\`<br>`);
    },
    STEP,
  );

  it(
    "writes the CSV with every formula neutralised",
    async () => {
      const csv = await project.cli(["links", "--stack", "test", "--format", "csv"]);
      expect(csv.code, csv.stderr).toBe(0);
      expect(csv.stdout.split("\r\n")).toEqual([
        "name,title,url,status,amount,currency,campaign",
        `../escaped,"'=HYPERLINK(""https://evil.example"",""Pay here"")",${url(LINKS[0]!.title)},active,1000.00,DZD,'@acme/finance`,
        `a-b,Plain,${url("Plain")},active,1000.00,DZD,spring`,
        `a/b,[Pay here](https://evil.example) <img src=x onerror=alert(1)>,${url(LINKS[1]!.title)},active,1000.00,DZD,'-2+3`,
        "",
      ]);
    },
    STEP,
  );

  it(
    "writes the QR codes inside their folder, one file each, and a contact sheet of text",
    async () => {
      const qr = await project.cli(["links", "--stack", "test", "--qr", "out/qr"]);
      expect(qr.code, qr.stderr).toBe(0);
      expect(readdirSync(join(project.dir, "out"))).toEqual(["qr"]);
      expect(existsSync(join(project.dir, "escaped.svg"))).toBe(false);
      const [escaped, slashed] = ["../escaped", "a/b"].map(qrFileStem);
      expect(readdirSync(join(project.dir, "out", "qr")).sort()).toEqual(
        ["a-b.png", "a-b.svg", `${slashed}.png`, `${slashed}.svg`, `${escaped}.png`, `${escaped}.svg`, "index.html"].sort(),
      );
      expect(decodePngFile(join(project.dir, "out", "qr", `${escaped}.png`))).toBe(url(LINKS[0]!.title));
      const sheet = readFileSync(join(project.dir, "out", "qr", "index.html"), "utf8");
      expect(
        sheet
          .split("\n")
          .filter((line) => /<img|class="(title|name)"/.test(line))
          .map((line) => line.trim()),
      ).toEqual([
        `<img src="${escaped}.svg" width="192" height="192" alt="QR code of ${url(LINKS[0]!.title)}">`,
        '<p class="title">=HYPERLINK(&#34;https://evil.example&#34;,&#34;Pay here&#34;)</p>',
        '<p class="name">../escaped</p>',
        `<img src="a-b.svg" width="192" height="192" alt="QR code of ${url("Plain")}">`,
        '<p class="title">Plain</p>',
        '<p class="name">a-b</p>',
        `<img src="${slashed}.svg" width="192" height="192" alt="QR code of ${url(LINKS[1]!.title)}">`,
        '<p class="title">[Pay here](https://evil.example) &#60;img src=x onerror=alert(1)&#62;</p>',
        '<p class="name">a/b</p>',
      ]);
    },
    STEP,
  );
});
