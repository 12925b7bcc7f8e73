// How long an end-to-end step may take: about three times what it measured (#30), so that a
// step grown several times slower fails instead of passing unnoticed. Measured with the whole
// `npm test` running on 2 shared cores (load about 10: slower than CI's quiet machine), never less
// than a minute (a step's hooks share its timeout). Tests never assert on wall time; this only
// bounds it. Re-measure with `npx vitest run --reporter=json` when a step's work changes.

/** The timeout of a step measured at `measuredMs`: three times it, in whole 10 s, at least 60 s. */
export function stepTimeout(measuredMs: number): number {
  return Math.max(60_000, Math.ceil((3 * measuredMs) / 10_000) * 10_000);
}
