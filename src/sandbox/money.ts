// Money is kept as an integer number of centimes: at most 12 integer digits plus 2 decimals is
// 14 digits, well inside a double's exact integer range, so no decimal library is needed.

export type MoneyParse = { ok: true; cents: number } | { ok: false; problem: "not_numeric" | "too_many_decimals" | "too_many_digits" };

const NUMERIC_TEXT = /^([+-]?)(\d*)(?:\.(\d*))?$/;

/** Reads a JSON number or numeric string as centimes, enforcing ≤ 2 decimals and ≤ 12 integer digits. */
export function parseMoney(value: unknown): MoneyParse {
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return { ok: false, problem: "not_numeric" };
    if (Math.abs(value) >= 1e12) return { ok: false, problem: "too_many_digits" };
    const cents = Math.round(value * 100);
    // 4500.55 * 100 is 450055.00000000006: rounding and dividing back tells real decimals apart.
    if (cents / 100 !== value) return { ok: false, problem: "too_many_decimals" };
    return { ok: true, cents: cents === 0 ? 0 : cents };
  }
  if (typeof value === "string") {
    const m = NUMERIC_TEXT.exec(value);
    if (m === null) return { ok: false, problem: "not_numeric" };
    const [, sign, intPart = "", fracPart = ""] = m;
    if (intPart === "" && fracPart === "") return { ok: false, problem: "not_numeric" };
    if (fracPart.length > 2) return { ok: false, problem: "too_many_decimals" };
    if (intPart.replace(/^0+/, "").length > 12) return { ok: false, problem: "too_many_digits" };
    const cents = Number(intPart || "0") * 100 + Number(fracPart.padEnd(2, "0"));
    return { ok: true, cents: sign === "-" && cents !== 0 ? -cents : cents };
  }
  return { ok: false, problem: "not_numeric" };
}

/** Centimes as the API's decimal string, e.g. 450000 → "4500.00". */
export function formatCents(cents: number): string {
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

/** A decimal string previously produced by formatCents, back to centimes. */
export function centsOf(decimal: string): number {
  const parsed = parseMoney(decimal);
  if (!parsed.ok) throw new Error(`Corrupt money value in sandbox state: ${JSON.stringify(decimal)}`);
  return parsed.cents;
}
