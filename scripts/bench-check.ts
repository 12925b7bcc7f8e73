// `npm run bench:check`: how long the offline check takes — the whole command, `npm run check --
// <folder>`, cold, median of 5 — on 10,000 links (100 files of 100; target ≤ 2.5 s) and on 1,000
// (a big campaign, 10 files; target ≤ 0.8 s), plus the check in process, and proof that a folder
// full of mistakes has every one of them reported in a single run. The links repeat values as
// campaign files do (one payment instance in defaults, a few modes and prices); a folder where no
// two links share a value is timed too. Files are read by `yaml` and checked by the one zod schema.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { loadLinkFiles } from "../src/program/link-files.ts";
import { resolveLinkSources } from "../src/program/link-sources.ts";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const FILES = 100;
const LINKS_PER_FILE = 100;
const RUNS = 5;
const INSTANCE = "9d6a1f3c-2b7e-4d0a-8c5f-1e2d3c4b5a69";

/** One link's YAML; with `bad`, the mistakes it holds (each must be one reported problem). */
function linkYaml(name: string, i: number, bad: boolean): { text: string; mistakes: number } {
  const lines = [`  ${name}:`, `    title: "Link ${i} — campaign"`];
  let mistakes = 0;
  switch (i % 4) {
    case 0:
      lines.push("    amount_mode: fixed", `    ${bad ? "amout" : "amount"}: ${1000 + i}`, "    usage_mode: limited", "    max_uses: 500");
      // The typo is an unknown field, and leaves amount missing.
      if (bad) mistakes += 2;
      break;
    case 1:
      lines.push("    amount_mode: open", "    min_amount: 100", "    max_amount: 50000", "    usage_mode: reusable");
      if (bad) {
        // A type error and a mode error on the same link: both must be reported.
        lines.push("    currency: dzd", "    max_uses: 3");
        mistakes += 2;
      }
      break;
    case 2:
      lines.push(
        "    amount_mode: fixed",
        "    amount: 2500.5",
        "    usage_mode: time_window",
        `    starts_at: "2027-03-01T09:00:00+01:00"`,
        `    ends_at: "${bad ? "2027-02-01T09:00:00+01:00" : "2027-03-31T23:59:59+01:00"}"`,
      );
      if (bad) mistakes += 1;
      break;
    default:
      lines.push(
        "    amount_mode: fixed",
        "    amount: 500",
        `    usage_mode: ${bad ? "whitelits" : "whitelist"}`,
        '    allowed_payers: [a@example.com, "+213555123456"]',
      );
      // A wrong enum: the mode rules of usage_mode cannot apply, so nothing more is reported.
      if (bad) mistakes += 1;
  }
  lines.push(`    metadata: { campaign: bench, index: "${i}" }`);
  return { text: lines.join("\n"), mistakes };
}

/**
 * A valid link none of whose values (instance, price, counts, dates, payers...) another link has;
 * the same fields as linkYaml's, and its own payment instance instead of the file's default.
 */
function distinctLinkYaml(name: string, i: number): string {
  const instance = `9d6a1f3c-2b7e-4d0a-8c5f-${i.toString(16).padStart(12, "0")}`;
  const at = (minutes: number) => new Date(Date.UTC(2027, 0, 1) + (i * 2 + minutes) * 60_000).toISOString().replace(".000Z", "+00:00");
  const lines = [`  ${name}:`, `    payment_instance_id: ${instance}`, `    title: "Link ${i} — campaign"`];
  switch (i % 4) {
    case 0:
      lines.push("    amount_mode: fixed", `    amount: ${1000 + i}.${String(i % 100).padStart(2, "0")}`, "    usage_mode: limited", `    max_uses: ${i + 1}`);
      break;
    case 1:
      lines.push(
        "    amount_mode: open",
        `    min_amount: ${100 + i}`,
        `    max_amount: ${50_000 + i}`,
        "    usage_mode: capped_amount",
        `    target_amount: ${90_000 + i}`,
      );
      break;
    case 2:
      lines.push(
        "    amount_mode: fixed",
        `    amount: "${2000 + i}.5"`,
        "    usage_mode: time_window",
        `    starts_at: "${at(0)}"`,
        `    ends_at: "${at(1)}"`,
      );
      break;
    default:
      lines.push(
        "    amount_mode: fixed",
        `    amount: ${500 + i}`,
        "    usage_mode: whitelist",
        `    allowed_payers: [user${i}@example.com, "+21355${String(i).padStart(7, "0")}"]`,
      );
  }
  lines.push(`    metadata: { campaign: bench-${i}, index: "${i}" }`);
  return lines.join("\n");
}

function generateDistinct(folder: string): void {
  mkdirSync(folder, { recursive: true });
  for (let f = 0; f < FILES; f++) {
    const links = Array.from({ length: LINKS_PER_FILE }, (_, l) => distinctLinkYaml(`link-${f}-${l}`, f * LINKS_PER_FILE + l));
    writeFileSync(join(folder, `file-${String(f).padStart(3, "0")}.yaml`), `links:\n${links.join("\n")}\n`);
  }
}

function generate(folder: string, bad: boolean, files = FILES): number {
  mkdirSync(folder, { recursive: true });
  let mistakes = 0;
  for (let f = 0; f < files; f++) {
    const links: string[] = [];
    for (let l = 0; l < LINKS_PER_FILE; l++) {
      const link = linkYaml(`link-${f}-${l}`, f * LINKS_PER_FILE + l, bad);
      links.push(link.text);
      mistakes += link.mistakes;
    }
    const text = `# yaml-language-server: $schema=${join(ROOT, "schema/links.schema.json")}\ndefaults:\n  payment_instance_id: ${INSTANCE}\nlinks:\n${links.join("\n")}\n`;
    writeFileSync(join(folder, `file-${String(f).padStart(3, "0")}.yaml`), text);
  }
  return mistakes;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

function inProcess(folder: string): { ms: number; links: number; problems: number } {
  const start = performance.now();
  const files = resolveLinkSources([folder], ROOT);
  const result = loadLinkFiles(files, ROOT);
  return { ms: performance.now() - start, links: result.links.length, problems: result.problems.length };
}

function childProcess(folder: string): { ms: number; status: number | null; stdout: string } {
  const start = performance.now();
  const result = spawnSync("npm", ["run", "--silent", "check", "--", folder], { cwd: ROOT, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  return { ms: performance.now() - start, status: result.status, stdout: result.stdout };
}

const base = mkdtempSync(join(tmpdir(), "mytpe-bench-"));
try {
  const good = join(base, "good");
  const bad = join(base, "bad");
  generate(good, false);
  const expected = generate(bad, true);
  const total = FILES * LINKS_PER_FILE;
  const out = (line: string) => process.stdout.write(`${line}\n`);
  out(`${total} links in ${FILES} files (${base})`);

  const inRuns = Array.from({ length: RUNS }, () => inProcess(good));
  if (inRuns.some((run) => run.links !== total || run.problems !== 0))
    throw new Error(`in-process check: expected ${total} links OK, got ${JSON.stringify(inRuns[0])}`);
  out(
    `in process:  median ${median(inRuns.map((run) => run.ms)).toFixed(0)} ms (runs: ${inRuns.map((run) => run.ms.toFixed(0)).join(", ")} ms; the first cold, the others in the same warm process)`,
  );

  const childRuns = Array.from({ length: RUNS }, () => childProcess(good));
  const last = childRuns[childRuns.length - 1];
  if (childRuns.some((run) => run.status !== 0)) throw new Error(`npm run check failed: ${last?.stdout ?? ""}`);
  out(
    `npm run check -- <folder>:  median ${median(childRuns.map((run) => run.ms)).toFixed(0)} ms (runs: ${childRuns.map((run) => run.ms.toFixed(0)).join(", ")} ms) — ${last?.stdout.trim() ?? ""}`,
  );

  const campaign = join(base, "campaign");
  generate(campaign, false, FILES / 10);
  const campaignRuns = Array.from({ length: RUNS }, () => childProcess(campaign));
  if (campaignRuns.some((run) => run.status !== 0)) throw new Error(`npm run check failed: ${campaignRuns[0]?.stdout ?? ""}`);
  out(
    `npm run check -- <folder of ${total / 10} links>:  median ${median(campaignRuns.map((run) => run.ms)).toFixed(0)} ms (runs: ${campaignRuns.map((run) => run.ms.toFixed(0)).join(", ")} ms) — ${campaignRuns[0]?.stdout.trim() ?? ""}`,
  );

  const distinct = join(base, "distinct");
  generateDistinct(distinct);
  const distinctRuns = Array.from({ length: RUNS }, () => childProcess(distinct));
  const lastDistinct = distinctRuns[distinctRuns.length - 1];
  if (distinctRuns.some((run) => run.status !== 0)) throw new Error(`npm run check failed: ${lastDistinct?.stdout ?? ""}`);
  out(
    `npm run check -- <folder, no value shared>:  median ${median(distinctRuns.map((run) => run.ms)).toFixed(0)} ms (runs: ${distinctRuns.map((run) => run.ms.toFixed(0)).join(", ")} ms) — ${lastDistinct?.stdout.trim() ?? ""}`,
  );

  // The fixed cost of a command (npm, node, loading zod and yaml), measured on a single link.
  const tiny = join(base, "tiny");
  mkdirSync(tiny);
  writeFileSync(
    join(tiny, "one.yaml"),
    `links:\n${linkYaml("one", 0, false).text.replace(/^/, "").replace("    title", `    payment_instance_id: ${INSTANCE}\n    title`)}\n`,
  );
  const tinyRuns = Array.from({ length: RUNS }, () => childProcess(tiny));
  out(`npm run check -- <1 link>:  median ${median(tinyRuns.map((run) => run.ms)).toFixed(0)} ms (the startup cost included above)`);

  const badRun = inProcess(bad);
  const badChild = childProcess(bad);
  const summary = badChild.stdout.trim().split("\n").at(-1) ?? "";
  out(
    `bad folder: ${expected} mistakes planted; in process ${badRun.problems} problems reported in ${badRun.ms.toFixed(0)} ms; npm run check exit ${String(badChild.status)}, "${summary}" in ${badChild.ms.toFixed(0)} ms`,
  );
  if (badRun.problems !== expected || badChild.status !== 1 || !summary.startsWith(`${expected} problems`)) {
    process.exitCode = 1;
    out("MISMATCH: not every planted mistake was reported exactly once");
  }
} finally {
  rmSync(base, { recursive: true, force: true });
}
