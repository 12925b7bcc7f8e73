// The digest of an update plan file (`plan --save-plan FILE`, `apply --plan FILE`): both commands
// print it, the plan comment shows it, so whoever reads the apply's log or summary can tell it
// applied the very plan that was reviewed (issue 28). SHA-256 of the file's bytes, written as
// attestations and `sha256sum` write it: `sha256:<hex>`.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";

export function updatePlanDigest(file: string): string {
  return `sha256:${createHash("sha256").update(readFileSync(file)).digest("hex")}`;
}
