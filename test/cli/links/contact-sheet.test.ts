import { describe, expect, it } from "vitest";
import { contactSheetHtml, escapeHtml } from "../../../src/cli/links/contact-sheet.ts";

describe("the contact sheet", () => {
  const cards = [
    { name: "voucher-10k", file: "voucher-10k", title: "Spring voucher — 10,000 DZD", url: "https://pay.mytpe.appp/spring-voucher-x1" },
    { name: "vip", file: "vip", title: 'VIP <b>"list"</b> & co', url: "https://pay.mytpe.appp/vip?a=1&b=2" },
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

  it("renders a card of hostile text as text: no element, attribute, script or link but the ones it writes", () => {
    const hostile = {
      name: '"><script>alert(1)</script>',
      file: "script-alert-1-script",
      title: "<img src=x onerror=alert(1)> ' onmouseover='alert(2)",
      url: "javascript:alert(3)",
    };
    const html = contactSheetHtml([hostile], "prod</title><script>alert(4)</script>");
    expect(html.split("\n").filter((line) => /^\s*<(title|h1|figure|img|p)\b/.test(line))).toMatchInlineSnapshot(`
      [
        "  <title>Payment links — stack prod&#60;/title&#62;&#60;script&#62;alert(4)&#60;/script&#62;</title>",
        "  <h1>Payment links — stack prod&#60;/title&#62;&#60;script&#62;alert(4)&#60;/script&#62;</h1>",
        "  <p class="summary">1 active link. Scan a code to open its payment page.</p>",
        "    <figure class="card" id="&#34;&#62;&#60;script&#62;alert(1)&#60;/script&#62;">",
        "      <img src="script-alert-1-script.svg" width="192" height="192" alt="QR code of javascript:alert(3)">",
        "        <p class="title">&#60;img src=x onerror=alert(1)&#62; &#39; onmouseover=&#39;alert(2)</p>",
        "        <p class="url">javascript:alert(3)</p>",
        "        <p class="name">&#34;&#62;&#60;script&#62;alert(1)&#60;/script&#62;</p>",
      ]
    `);
  });
});
