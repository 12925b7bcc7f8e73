import { describe, expect, it } from "vitest";
import { qrFileStems, safeStem } from "../../../src/cli/links/qr-file-names.ts";

describe("the file names of the QR codes", () => {
  it.each([
    ["spring-voucher-10k", "spring-voucher-10k"],
    ["../../.ssh/authorized_keys", "ssh-authorized_keys"],
    ["/etc/passwd", "etc-passwd"],
    ["a\\b:c*d?e\"f<g>h|i", "a-b-c-d-e-f-g-h-i"],
    [".env", "env"],
    ["..", "link"],
    ["", "link"],
    ["con", "link-con"],
    ["LPT1.backup", "link-LPT1.backup"],
    ["Café عربي", "Café-عربي"],
    ["new\nline\u0000nul", "new-line-nul"],
    ["x".repeat(150), "x".repeat(100)],
  ])("makes %j the stem %j", (name, stem) => {
    expect(safeStem(name)).toBe(stem);
  });

  it("gives names that would share a file, also on a case-insensitive file system, stems of their own", () => {
    expect(qrFileStems(["a/b", "a-b", "A-B", "a-b-2", "a?b"])).toEqual(["a-b", "a-b-2", "A-B-3", "a-b-2-2", "a-b-4"]);
  });
});
