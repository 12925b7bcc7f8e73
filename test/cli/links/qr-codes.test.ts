// The codes are decoded back with a maintained decoder (jsQR), not compared with our own idea of
// what a QR code looks like.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { LinkRow } from "../../../src/cli/links/link-rows.ts";
import { qrCardsOf, writeQrCodes } from "../../../src/cli/links/qr-codes.ts";
import { qrFileStem } from "../../../src/cli/links/qr-file-names.ts";
import { decodePngFile } from "./qr-decode.ts";

const row = (name: string, status: string, url = `https://pay.mytpe.appp/${name}-k3x9`): LinkRow => ({
  name,
  id: name,
  title: `Title of ${name}`,
  status,
  url,
  paid_count: 0,
  total_collected: "0.00",
  currency: "DZD",
  amount_mode: "fixed",
  amount: "1.00",
  metadata: {},
  drift: [],
});

describe("QR codes of the active links", () => {
  let dir = "";
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("writes an SVG and a PNG per active link, named after it, and the contact sheet", async () => {
    dir = mkdtempSync(join(tmpdir(), "mytpe-qr-"));
    const { files } = await writeQrCodes(
      dir,
      [row("voucher", "active"), row("later", "paused"), row("spent", "exhausted"), row("donation", "active")],
      "local",
    );
    expect(files).toEqual(["voucher.svg", "voucher.png", "donation.svg", "donation.png", "index.html"]);
    expect(readdirSync(dir).sort()).toEqual(["donation.png", "donation.svg", "index.html", "voucher.png", "voucher.svg"]);
    expect(readFileSync(join(dir, "voucher.svg"), "utf8")).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  });

  it("encodes the URL exactly as returned: the PNG decodes back to it", async () => {
    dir = mkdtempSync(join(tmpdir(), "mytpe-qr-"));
    const url = "https://pay.mytpe.appp/Spring-Voucher-10-000-dz-ni5s?ref=é&x=1";
    await writeQrCodes(dir, [row("voucher", "active", url)], "local");
    expect(decodePngFile(join(dir, "voucher.png"))).toBe(url);
  });

  it("makes cards only for links that accept payments now", () => {
    expect(qrCardsOf([row("a", "active"), row("b", "draft"), row("c", "gone"), row("d", "active", "")]).map((card) => card.name)).toEqual(["a"]);
  });

  it("writes hostile names inside DIR only, one file each, and the sheet points at them", async () => {
    const root = mkdtempSync(join(tmpdir(), "mytpe-qr-"));
    dir = root;
    const out = join(root, "qr");
    const names = ["../escaped", "a/b", "a-b", "index", ".hidden"];
    const { files } = await writeQrCodes(
      out,
      names.map((name) => row(name, "active")),
      "local",
    );
    const [escaped, slashed, hidden] = ["../escaped", "a/b", ".hidden"].map(qrFileStem);
    expect(files).toEqual([
      `${escaped}.svg`,
      `${escaped}.png`,
      `${slashed}.svg`,
      `${slashed}.png`,
      "a-b.svg",
      "a-b.png",
      "index.svg",
      "index.png",
      `${hidden}.svg`,
      `${hidden}.png`,
      "index.html",
    ]);
    expect(readdirSync(root)).toEqual(["qr"]);
    expect(readdirSync(out).sort()).toEqual([...files].sort());
    const sheet = readFileSync(join(out, "index.html"), "utf8");
    expect([...sheet.matchAll(/<img src="([^"]+)"/g)].map((match) => match[1])).toEqual([
      `${escaped}.svg`,
      `${slashed}.svg`,
      "a-b.svg",
      "index.svg",
      `${hidden}.svg`,
    ]);
    expect(decodePngFile(join(out, "a-b.png"))).toBe("https://pay.mytpe.appp/a-b-k3x9");
  });
});
