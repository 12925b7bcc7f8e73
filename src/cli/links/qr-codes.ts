// `mytpe-links links --qr DIR`: one QR code per active link, encoding its URL exactly as the stack
// exported it, as DIR/<stem>.svg (for print) and DIR/<stem>.png (for mail and chat), the stem
// being the link's name made a safe file name, distinct by construction (qr-file-names.ts), and the contact sheet
// DIR/index.html. Encoding is the `qrcode` package's (ISO/IEC 18004), never ours.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import QRCode from "qrcode";
import { contactSheetHtml, type QrCard } from "./contact-sheet.ts";
import type { LinkRow } from "./link-rows.ts";
import { qrFileStems } from "./qr-file-names.ts";

/** Medium error correction (15%): survives a smudged print, keeps the code small. */
const OPTIONS = { errorCorrectionLevel: "M", margin: 4 } as const;
/** Pixels per module in the PNG: ~300 px for a typical URL, sharp on screen and in mail. */
const PNG_SCALE = 8;

/** The cards of the links that accept payments now: only those are worth sharing. */
export function qrCardsOf(rows: readonly LinkRow[]): QrCard[] {
  const active = rows.filter((row) => row.status === "active" && row.url !== "");
  const stems = qrFileStems(active.map((row) => row.name));
  return active.map(({ name, title, url }, i) => ({ name, title, url, file: stems[i]! }));
}

/** Writes the codes and the sheet into `dir` (created if needed); returns the files written. */
export async function writeQrCodes(dir: string, rows: readonly LinkRow[], stack: string): Promise<{ cards: QrCard[]; files: string[] }> {
  mkdirSync(dir, { recursive: true });
  const cards = qrCardsOf(rows);
  const files: string[] = [];
  for (const { file, url } of cards) {
    const svg = await QRCode.toString(url, { ...OPTIONS, type: "svg" });
    const png = await QRCode.toBuffer(url, { ...OPTIONS, type: "png", scale: PNG_SCALE });
    writeFileSync(join(dir, `${file}.svg`), svg);
    writeFileSync(join(dir, `${file}.png`), png);
    files.push(`${file}.svg`, `${file}.png`);
  }
  writeFileSync(join(dir, "index.html"), contactSheetHtml(cards, stack));
  files.push("index.html");
  return { cards, files };
}
