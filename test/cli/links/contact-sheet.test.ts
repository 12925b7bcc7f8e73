import { describe, expect, it } from "vitest";
import { contactSheetHtml, escapeHtml } from "../../../src/cli/links/contact-sheet.ts";

describe("the contact sheet", () => {
  const cards = [
    { name: "voucher-10k", title: "Spring voucher — 10,000 DZD", url: "https://pay.mytpe.appp/spring-voucher-x1" },
    { name: "vip", title: 'VIP <b>"list"</b> & co', url: "https://pay.mytpe.appp/vip?a=1&b=2" },
  ];

  it("has one card per link, each with its QR image, title and full URL", () => {
    const html = contactSheetHtml(cards, "local");
    expect(html.match(/<figure class="card"/g)).toHaveLength(2);
    expect(html).toContain('<img src="voucher-10k.svg" width="192" height="192" alt="QR code of https://pay.mytpe.appp/spring-voucher-x1">');
    expect(html).toContain('<p class="title">Spring voucher — 10,000 DZD</p>');
    expect(html).toContain('<a href="https://pay.mytpe.appp/spring-voucher-x1">https://pay.mytpe.appp/spring-voucher-x1</a>');
    expect(html).toContain("<title>Payment links — stack local</title>");
  });

  it("escapes titles and URLs so no text becomes markup", () => {
    const html = contactSheetHtml(cards, "local");
    expect(html).toContain('<p class="title">VIP &#60;b&#62;&#34;list&#34;&#60;/b&#62; &#38; co</p>');
    expect(html).toContain('href="https://pay.mytpe.appp/vip?a=1&#38;b=2"');
    expect(html).not.toContain("<b>");
  });

  it("keeps each card whole across printed pages, three a row", () => {
    const html = contactSheetHtml(cards, "local");
    expect(html).toMatch(/break-inside: avoid; page-break-inside: avoid;/);
    expect(html).toMatch(/@media print \{[^@]*grid-template-columns: repeat\(3, 1fr\)/);
  });

  it("says there is nothing to share when no link is active", () => {
    expect(contactSheetHtml([], "local")).toContain("No active link: nothing to share yet.");
  });

  it.each([
    ["a&b", "a&#38;b"],
    ["<script>", "&#60;script&#62;"],
    [`'"`, "&#39;&#34;"],
  ])("escapes %j as %j", (text, escaped) => {
    expect(escapeHtml(text)).toBe(escaped);
  });
});
