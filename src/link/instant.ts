// Instants as the link model keeps them: UTC, at the API's precision (microseconds). The API
// writes a fraction of 3 or 6 digits (shared/mytpe-api.md §1), a declaration any offset; the
// canonical form is ".mmmZ" when the microseconds are whole milliseconds, else ".mmmuuuZ", so state
// written before (milliseconds) keeps its form and no notation ever shows as a change. Pure.

// The API's timestamps are UTC (shared/mytpe-api.md §1): one written without a zone, or with a
// space for the "T" as Laravel may, is read as UTC. Declarations always carry an offset (link-spec.ts).
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** The canonical form of an ISO 8601 date-time (UTC when it names no zone), or undefined when it is not one. */
export function canonicalInstant(text: string): string | undefined {
  const match = INSTANT.exec(text.trim());
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second = "00", digits = "", zone = "Z"] = match;
  // Date.parse rolls February 30 over to March 2: the fields must be a real date and time.
  const fields = new Date(0);
  // setUTCFullYear, not Date.UTC, which reads the years 0–99 as 1900–1999.
  fields.setUTCFullYear(Number(year), Number(month) - 1, Number(day));
  fields.setUTCHours(Number(hour), Number(minute), Number(second));
  const written = [
    fields.getUTCFullYear(),
    fields.getUTCMonth() + 1,
    fields.getUTCDate(),
    fields.getUTCHours(),
    fields.getUTCMinutes(),
    fields.getUTCSeconds(),
  ];
  if (written.some((value, i) => value !== Number([year, month, day, hour, minute, second][i]))) return undefined;
  const fraction = digits.padEnd(6, "0").slice(0, 6);
  const offset = zone.toUpperCase() === "Z" ? "Z" : zone.length === 3 ? `${zone}:00` : zone.includes(":") ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const ms = Date.parse(`${year}-${month}-${day}T${hour}:${minute}:${second}.${fraction.slice(0, 3)}${offset}`);
  if (Number.isNaN(ms)) return undefined;
  const iso = new Date(ms).toISOString();
  const micros = fraction.slice(3);
  return micros === "000" ? iso : iso.replace(/Z$/, `${micros}Z`);
}

/** Whether two texts are the same instant, to the microsecond; texts that are not instants compare as text. */
export function sameInstant(a: string, b: string): boolean {
  const [left, right] = [canonicalInstant(a), canonicalInstant(b)];
  return left !== undefined && right !== undefined ? left === right : a === b;
}
