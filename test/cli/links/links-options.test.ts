import { describe, expect, it } from "vitest";
import { parseLinksOptions } from "../../../src/cli/links/links-options.ts";

describe("the links command line", () => {
  it.each([
    [[], { mode: "report", format: "table" }],
    [["--stack", "production"], { mode: "report", stack: "production", format: "table" }],
    [["-s", "local", "--json"], { mode: "report", stack: "local", format: "json" }],
    [["--format", "json", "--json"], { mode: "report", format: "json" }],
    [["--format", "csv"], { mode: "report", format: "csv" }],
    [["--watch", "5"], { mode: "report", format: "table", watch: 5 }],
    [["--watch", "2.5", "--json"], { mode: "report", format: "json", watch: 2.5 }],
    [["--qr", "qr"], { mode: "report", format: "table", qr: "qr" }],
    [["--format", "csv", "--qr", "qr"], { mode: "report", format: "csv", qr: "qr" }],
    [["--generate-yaml", "links/adopted.yaml"], { mode: "generate-yaml", file: "links/adopted.yaml" }],
    [["--generate-yaml", "a.yaml", "--instance", "abc", "-s", "p"], { mode: "generate-yaml", stack: "p", file: "a.yaml", instance: "abc" }],
    [["--help"], { mode: "help" }],
    [["-h", "--bogus"], undefined],
  ])("reads %j", (args, options) => {
    const parsed = parseLinksOptions(args);
    if (options === undefined) expect(parsed.ok).toBe(false);
    else expect(parsed).toEqual({ ok: true, options });
  });

  it.each([
    [["--bogus"], "Unknown option '--bogus'"],
    [["extra"], "Unexpected argument 'extra'"],
    [["--format", "xml"], '--format must be table, json or csv, got "xml"'],
    [["--json", "--format", "csv"], "--json and --format csv disagree: give one"],
    [["--watch", "0"], '--watch takes a number of seconds, 1 or more, got "0"'],
    [["--watch", "soon"], '--watch takes a number of seconds, 1 or more, got "soon"'],
    [["--watch", "5", "--format", "csv"], "--watch refreshes a table or JSON, not CSV"],
    [["--watch", "5", "--qr", "qr"], "--watch and --qr: write the QR codes once, without --watch"],
    [["--qr", ""], "--qr needs a folder, e.g. qr/"],
    [["--generate-yaml", "a.yaml", "--json"], "--generate-yaml writes a file and reports nothing else: leave out --json"],
    [["--generate-yaml", ""], "--generate-yaml needs a file name, e.g. links/adopted.yaml"],
    [["--instance", "abc"], "--instance goes with --generate-yaml"],
  ])("refuses %j: %s", (args, message) => {
    const parsed = parseLinksOptions(args);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toContain(message);
  });
});
