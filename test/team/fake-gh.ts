// `gh` as the workflow's steps and the team-setup script call it, for tests that run them on this
// machine (no GitHub here): an executable on PATH that answers `gh api [--paginate] [-X METHOD]
// PATH [--jq EXPR] [-f/-F k=v] [--input FILE|-]` and `gh attestation verify ...` from a table the
// test gives ("GET repos/…", or "attestation verify"), passes the answer through the real `jq -r`
// when --jq is given (gh's --jq prints strings raw, as jq -r does), answers a write the table does
// not hold with `{}`, a read it does not hold with a 404, and records every call.
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A recorded call: its arguments, and the body it sent (`--input`, `-f`, `-F`) when it sent one. */
export interface GhCall {
  args: string[];
  method: string;
  path: string;
  body?: unknown;
}

/** An answer: a JSON body, or `{ fail: message }` for a call that fails (exit 1). */
export type GhAnswer = unknown;

const SCRIPT = `#!/usr/bin/env node
const { appendFileSync, readFileSync } = require("node:fs");
const { spawnSync } = require("node:child_process");
const args = process.argv.slice(2);
const answers = JSON.parse(readFileSync(process.env.FAKE_GH_ANSWERS, "utf8"));
let method = "GET", path, jq, input, fields = {}, key;
if (args[0] === "attestation" && args[1] === "verify") key = "attestation verify";
else if (args[0] === "api") {
  for (let i = 1; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--paginate" || arg === "--silent") continue;
    else if (arg === "-X" || arg === "--method") method = args[++i].toUpperCase();
    else if (arg === "--jq" || arg === "-q") jq = args[++i];
    else if (arg === "--input") input = args[++i];
    else if (arg === "-H" || arg === "--header") i++;
    else if (arg === "-f" || arg === "-F" || arg === "--field" || arg === "--raw-field") {
      const [name, ...rest] = args[++i].split("=");
      const value = rest.join("=");
      fields[name] = arg === "-F" || arg === "--field" ? (value === "true" ? true : value === "false" ? false : /^\\d+$/.test(value) ? Number(value) : value) : value;
    } else if (path === undefined) path = arg;
  }
  if ((Object.keys(fields).length > 0 || input !== undefined) && method === "GET") method = "POST";
  key = method + " " + path;
} else { process.stderr.write("fake gh: unknown command " + args.join(" ") + "\\n"); process.exit(2); }
let body;
if (input !== undefined) body = JSON.parse(readFileSync(input === "-" ? 0 : input, "utf8"));
else if (Object.keys(fields).length > 0) body = fields;
appendFileSync(process.env.FAKE_GH_LOG, JSON.stringify({ args, method, path: path ?? key, ...(body !== undefined ? { body } : {}) }) + "\\n");
let answer = answers[key];
if (answer === undefined) {
  if (method === "GET" || key === "attestation verify") { process.stderr.write("gh: Not Found (HTTP 404)\\n"); process.exit(1); }
  answer = {};
}
if (answer && typeof answer === "object" && "fail" in answer) { process.stderr.write(answer.fail + "\\n"); process.exit(1); }
if (jq === undefined) { process.stdout.write(JSON.stringify(answer) + "\\n"); process.exit(0); }
const result = spawnSync("jq", ["-r", jq], { input: JSON.stringify(answer), encoding: "utf8" });
process.stdout.write(result.stdout); process.stderr.write(result.stderr); process.exit(result.status ?? 1);
`;

/** A `gh` answering from `answers`; put `env` into the step's environment (its PATH first). */
export function fakeGh(answers: Record<string, GhAnswer>): { env: Record<string, string>; calls: () => GhCall[]; dispose: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "fake-gh-"));
  writeFileSync(join(dir, "gh"), SCRIPT);
  chmodSync(join(dir, "gh"), 0o755);
  writeFileSync(join(dir, "answers.json"), JSON.stringify(answers));
  writeFileSync(join(dir, "calls.jsonl"), "");
  return {
    env: { PATH: `${dir}:${process.env["PATH"] ?? ""}`, FAKE_GH_ANSWERS: join(dir, "answers.json"), FAKE_GH_LOG: join(dir, "calls.jsonl") },
    calls: () =>
      readFileSync(join(dir, "calls.jsonl"), "utf8")
        .split("\n")
        .filter((line) => line !== "")
        .map((line) => JSON.parse(line) as GhCall),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}
