// A stand-in for the public payment page (`https://pay.mytpe.appp/{slug}`), so a link's public
// URL resolves locally. Shows what a customer would see: title, description, amount, status.

import type { Link } from "./link.ts";

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function amountLine(link: Link): string {
  const currency = link.currency ?? "DZD";
  if (link.amount_mode === "fixed") return `${link.amount ?? "0.00"} ${currency}`;
  if (link.min_amount !== null && link.max_amount !== null) {
    return `Amount of your choice, ${link.min_amount} to ${link.max_amount} ${currency}`;
  }
  if (link.min_amount !== null) return `Amount of your choice, from ${link.min_amount} ${currency}`;
  if (link.max_amount !== null) return `Amount of your choice, up to ${link.max_amount} ${currency}`;
  return `Amount of your choice (${currency})`;
}

export function payPage(link: Link): string {
  const payable = link.status === "active" ? "Pay with CIB / Edahabia" : `This link is ${link.status} and cannot be paid.`;
  return [
    "<!doctype html>",
    `<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(link.title)} · MyTPE Pay (sandbox)</title></head>`,
    "<body>",
    `<h1>${escapeHtml(link.title)}</h1>`,
    link.description === null ? "" : `<p class="description">${escapeHtml(link.description)}</p>`,
    `<p class="amount">${escapeHtml(amountLine(link))}</p>`,
    `<p class="status" data-status="${link.status}">${escapeHtml(payable)}</p>`,
    "</body></html>",
    "",
  ].join("\n");
}

export function payPageNotFound(slug: string): string {
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Not found · MyTPE Pay (sandbox)</title></head>\n<body><h1>Payment link not found</h1><p>No payment link has the slug ${escapeHtml(slug)}.</p></body></html>\n`;
}
