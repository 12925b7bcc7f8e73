import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { qrFileStem, qrFileStems } from "../../../src/cli/links/qr-file-names.ts";

/** 16 hex digits of the name's SHA-256: the part of a stem that keeps it apart from every other. */
const hash = (name: string) => createHash("sha256").update(name, "utf8").digest("hex").slice(0, 16);

/** Whether two file names may be one file somewhere: case-insensitive, normalising, case-folding file systems. */
const sameOnSomeDisk = (a: string, b: string) => {
  const fold = (name: string) => name.normalize("NFKC").toUpperCase().toLowerCase();
  return fold(a) === fold(b);
};

describe("the file names of the QR codes", () => {
  it.each([
    ["spring-voucher-10k", "spring-voucher-10k"],
    ["index", "index"],
    ["../../.ssh/authorized_keys", `ssh-authorized-keys.${hash("../../.ssh/authorized_keys")}`],
    ["/etc/passwd", `etc-passwd.${hash("/etc/passwd")}`],
    ['a\\b:c*d?e"f<g>h|i', `a-b-c-d-e-f-g-h-i.${hash('a\\b:c*d?e"f<g>h|i')}`],
    [".env", `env.${hash(".env")}`],
    ["..", `link.${hash("..")}`],
    ["", `link.${hash("")}`],
    ["con", `link-con.${hash("con")}`],
    ["LPT1.backup", `lpt1-backup.${hash("LPT1.backup")}`],
    ["Café عربي", `cafe.${hash("Café عربي")}`],
    ["new\nline\u0000nul", `new-line-nul.${hash("new\nline\u0000nul")}`],
    ["x".repeat(150), `${"x".repeat(40)}.${hash("x".repeat(150))}`],
  ])("makes %j the stem %j", (name, stem) => {
    expect(qrFileStem(name)).toBe(stem);
  });

  it.each([
    [["a/b", "a-b", "A-B", "a?b"]],
    [["sa", "ſa", "SA", "ｓａ"]],
    [["straße", "STRASSE", "strasse"]],
    [[`${"a".repeat(120)}1`, `${"a".repeat(120)}2`, "a".repeat(40)]],
    [["x", `x.${hash("X")}`, "X"]],
  ])("never gives two of %j one file, whatever the file system folds", (names) => {
    const stems = qrFileStems(names);
    for (const [i, a] of stems.entries()) for (const b of stems.slice(i + 1)) expect(sameOnSomeDisk(a, b), `${a} / ${b}`).toBe(false);
  });

  it("gives a name the same stem whatever the other names", () => {
    expect(qrFileStems(["a/b", "zeta"])[0]).toBe(qrFileStems(["a-b", "a/b"])[1]);
  });
});
