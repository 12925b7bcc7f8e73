// Timestamps travel as ISO 8601 UTC strings with a 6-digit fraction ("2026-11-24T07:40:27.123456Z"),
// the shape Laravel serialises microsecond columns in. Because the width is fixed, two normalised
// timestamps compare correctly as plain strings, so the sandbox never converts them back to numbers
// (epoch microseconds overflow a double's exact range after the year 2255).

const ISO_WITH_OFFSET = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|z|[+-]\d{2}(?::?\d{2})?)$/;

const MAX_EPOCH_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** Formats an instant given as epoch milliseconds plus extra microseconds (0–999). */
export function formatTimestamp(epochMs: number, extraMicros = 0): string {
  const iso = new Date(epochMs).toISOString(); // "2026-11-24T07:40:27.123Z"
  return `${iso.slice(0, 23)}${String(extraMicros).padStart(3, "0")}Z`;
}

export function timestampFromDate(date: Date): string {
  return formatTimestamp(date.getTime());
}

/**
 * Normalises an ISO 8601 date-time that carries an explicit offset (`Z` or `±hh:mm`) to the UTC
 * 6-digit form, or returns null when the text is not such a date. Dates without an offset are
 * refused on purpose: their meaning depends on the server's zone.
 */
export function normalizeTimestamp(text: string): string | null {
  const m = ISO_WITH_OFFSET.exec(text);
  if (m === null) return null;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s ?? "0");
  if (year < 1000 || month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return null;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > daysInMonth) return null;

  let offsetMinutes = 0;
  if (zone !== undefined && zone !== "Z" && zone !== "z") {
    const sign = zone.startsWith("-") ? -1 : 1;
    const digits = zone.slice(1).replace(":", "");
    const oh = Number(digits.slice(0, 2));
    const om = Number(digits.slice(2) || "0");
    if (oh > 23 || om > 59) return null;
    offsetMinutes = sign * (oh * 60 + om);
  }

  const micros = Number(`${frac ?? ""}000000`.slice(0, 6));
  const epochMs = Date.UTC(year, month - 1, day, hour, minute, second) - offsetMinutes * 60_000 + Math.floor(micros / 1000);
  if (epochMs < 0 || epochMs > MAX_EPOCH_MS) return null;
  return formatTimestamp(epochMs, micros % 1000);
}
