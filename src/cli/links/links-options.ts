// The command line of `mytpe-links links`, parsed and checked before anything runs: a pure function
// whose mistakes are usage errors (exit 2).
import { parseArgs } from "node:util";

export const USAGE = `usage: mytpe-links links [--stack NAME] [--json | --format table|json|csv] [--watch SECONDS]
                         [--qr DIR] [--generate-yaml FILE [--instance ID]]
  The stack's links as they are now, from the live API: name, status, URL, payments, money
  collected, declaring file; totals per status and per currency; drift (live differs from the
  stack's state) marked. The stack: --stack, else PULUMI_STACK, else the selected one, else local.
  --json, --format json   one JSON document (with --watch, one per line and refresh)
  --format csv            name, title, url, status, amount, currency, one column per metadata key
  --watch SECONDS         refresh every SECONDS until Ctrl-C
  --qr DIR                a QR code per active link (DIR/<name>.svg and .png) and DIR/index.html,
                          a contact sheet to print
  --generate-yaml FILE    declarations (adopt: <id>) for every live link the stack does not manage;
                          --instance ID: only the links of that payment instance
  Exit codes: 0 every link matches the stack's state; 3 some link drifted (or is gone);
  1 the stack or the API could not be read; 2 bad usage.`;

export type LinksFormat = "table" | "json" | "csv";

export type LinksOptions =
  | { mode: "help" }
  | { mode: "report"; stack?: string; format: LinksFormat; watch?: number; qr?: string }
  | { mode: "generate-yaml"; stack?: string; file: string; instance?: string };

/** The options, or the usage mistake to report. */
export function parseLinksOptions(args: readonly string[]): { ok: true; options: LinksOptions } | { ok: false; message: string } {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: {
        stack: { type: "string", short: "s" },
        json: { type: "boolean" },
        format: { type: "string" },
        watch: { type: "string" },
        qr: { type: "string" },
        "generate-yaml": { type: "string" },
        instance: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
  if (values.help) return { ok: true, options: { mode: "help" } };
  const stack = values.stack === undefined ? {} : { stack: values.stack };

  if (values["generate-yaml"] !== undefined) {
    const other = (["json", "format", "watch", "qr"] as const).find((name) => values[name] !== undefined);
    if (other) return { ok: false, message: `--generate-yaml writes a file and reports nothing else: leave out --${other}` };
    if (values["generate-yaml"] === "") return { ok: false, message: "--generate-yaml needs a file name, e.g. links/adopted.yaml" };
    return {
      ok: true,
      options: { mode: "generate-yaml", ...stack, file: values["generate-yaml"], ...(values.instance === undefined ? {} : { instance: values.instance }) },
    };
  }
  if (values.instance !== undefined) return { ok: false, message: "--instance goes with --generate-yaml" };

  const format = values.format ?? (values.json ? "json" : "table");
  if (format !== "table" && format !== "json" && format !== "csv")
    return { ok: false, message: `--format must be table, json or csv, got ${JSON.stringify(format)}` };
  if (values.json && format !== "json") return { ok: false, message: `--json and --format ${format} disagree: give one` };
  let watch: number | undefined;
  if (values.watch !== undefined) {
    watch = Number(values.watch);
    if (!/^\d+(\.\d+)?$/.test(values.watch) || !(watch >= 1))
      return { ok: false, message: `--watch takes a number of seconds, 1 or more, got ${JSON.stringify(values.watch)}` };
    if (format === "csv") return { ok: false, message: "--watch refreshes a table or JSON, not CSV" };
    if (values.qr !== undefined) return { ok: false, message: "--watch and --qr: write the QR codes once, without --watch" };
  }
  if (values.qr === "") return { ok: false, message: "--qr needs a folder, e.g. qr/" };
  return {
    ok: true,
    options: { mode: "report", ...stack, format, ...(watch === undefined ? {} : { watch }), ...(values.qr === undefined ? {} : { qr: values.qr }) },
  };
}
