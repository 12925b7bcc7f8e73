// Money as the API writes it (decimal strings such as "4500.00") and as YAML declares it
// (numbers): compared as amounts, shown with their currency. Pure functions.

/** Fields whose values are amounts of the link's currency. */
export const MONEY_VALUE_FIELDS: ReadonlySet<string> = new Set(["amount", "min_amount", "max_amount", "target_amount"]);

/** The amount a value holds, or undefined when it holds none. */
export function amountOf(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  return undefined;
}

/** Whether two values are the same amount ("4500.00" and 4500 are); unset equals unset. */
export function sameAmount(a: unknown, b: unknown): boolean {
  const [x, y] = [amountOf(a), amountOf(b)];
  if (x === undefined || y === undefined) return isUnset(a) && isUnset(b) ? true : a === b;
  // At most 2 decimals and 12 integer digits: exact in a double once rounded to cents.
  return Math.round(x * 100) === Math.round(y * 100);
}

/** "4,500.00 DZD": grouped thousands, two decimals, the currency after. */
export function formatMoney(value: unknown, currency: string): string {
  const amount = amountOf(value);
  if (amount === undefined) return String(value);
  const [whole = "0", cents = "00"] = Math.abs(amount).toFixed(2).split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${amount < 0 ? "-" : ""}${grouped}.${cents} ${currency}`;
}

function isUnset(value: unknown): boolean {
  return value === undefined || value === null || value === "";
}
