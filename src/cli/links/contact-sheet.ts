// The contact sheet `mytpe-links links --qr DIR` writes as DIR/index.html: one card per active link
// with its title, its QR code (the SVG beside the page) and its URL in full, laid out in a grid
// that prints three cards a row, never cut across pages. Self-contained: no script, no font, no
// network. A pure function.

/** One card of the sheet. */
export interface QrCard {
  /** The link's name, shown on the card and its id. */
  name: string;
  /** The stem of its QR files (`<file>.svg`, `<file>.png`): the name made a safe file name (qr-file-names.ts). */
  file: string;
  title: string;
  /** The URL the code encodes, shown in full under it. */
  url: string;
}

const STYLE = `
  body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 24px; color: #111; }
  h1 { font-size: 20px; margin: 0 0 4px; }
  .summary { color: #555; margin: 0 0 20px; }
  .sheet { display: grid; grid-template-columns: repeat(auto-fill, minmax(240px, 1fr)); gap: 16px; }
  .card { border: 1px solid #ccc; border-radius: 8px; padding: 16px; margin: 0; text-align: center;
          break-inside: avoid; page-break-inside: avoid; }
  .card img { display: block; width: 192px; height: 192px; margin: 0 auto 8px; }
  .title { font-weight: 600; font-size: 15px; margin: 0 0 6px; }
  .url { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, monospace; font-size: 11px; word-break: break-all; margin: 0; }
  .url a { color: inherit; text-decoration: none; }
  .name { color: #777; font-size: 11px; margin: 6px 0 0; }
  @page { margin: 12mm; }
  @media print {
    body { margin: 0; }
    .sheet { grid-template-columns: repeat(3, 1fr); }
    .card { border-color: #999; }
  }
`;

/** The page, for the stack's active links. */
export function contactSheetHtml(cards: readonly QrCard[], stack: string): string {
  const title = `Payment links — stack ${stack}`;
  const body =
    cards.length === 0
      ? '  <p class="summary">No active link: nothing to share yet.</p>'
      : [
          `  <p class="summary">${cards.length} active link${cards.length === 1 ? "" : "s"}. Scan a code to open its payment page.</p>`,
          '  <main class="sheet">',
          ...cards.map(card),
          "  </main>",
        ].join("\n");
  return [
    "<!doctype html>",
    '<html lang="en">',
    "<head>",
    '  <meta charset="utf-8">',
    '  <meta name="viewport" content="width=device-width, initial-scale=1">',
    `  <title>${escapeHtml(title)}</title>`,
    `  <style>${STYLE}  </style>`,
    "</head>",
    "<body>",
    `  <h1>${escapeHtml(title)}</h1>`,
    body,
    "</body>",
    "</html>",
    "",
  ].join("\n");
}

function card({ name, title, url, file }: QrCard): string {
  const link = /^https?:\/\//.test(url) ? `<a href="${escapeHtml(url)}">${escapeHtml(url)}</a>` : escapeHtml(url);
  return [
    `    <figure class="card" id="${escapeHtml(name)}">`,
    `      <img src="${encodeURIComponent(file)}.svg" width="192" height="192" alt="QR code of ${escapeHtml(url)}">`,
    "      <figcaption>",
    `        <p class="title">${escapeHtml(title)}</p>`,
    `        <p class="url">${link}</p>`,
    `        <p class="name">${escapeHtml(name)}</p>`,
    "      </figcaption>",
    "    </figure>",
  ].join("\n");
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
