// What `mytpe-links up` and `apply` add when another run holds the stack's lock. The engine's own
// words are the real ones (pkg/backend/diy/lock.go, Pulumi 3.259, as test/e2e/two-runners.test.ts
// sees them through the CLI).
import { describe, expect, it } from "vitest";
import { lockHint } from "../../src/cli/lock-hint.ts";

const DIY_LOCKED =
  "error: the stack is currently locked by 1 lock(s). Either wait for the other process(es) to end or delete the lock file with `pulumi cancel`.\n" +
  "  postgres://****:****@127.0.0.1:39877/pulumi/.pulumi/locks/organization/payment-links/production/373c894a.json?sslmode=disable: created by root@vm (pid 7840) at 2026-11-29T10:31:14Z\n";

describe("lockHint", () => {
  it("says that nothing changed, when to wait, and how to recover from a dead run, naming the stack", () => {
    expect(lockHint(DIY_LOCKED, "production")).toMatchInlineSnapshot(`
      [
        "mytpe-links: the stack production is locked by another run, so this run stopped before changing anything.",
        "  If that run is still going (another pipeline, a colleague), wait for it to end, then run again.",
        "  If it died (runner killed, machine lost), release the lock, then let one run record what the dead run did:",
        "    npx mytpe-links pulumi cancel --stack production --yes",
        "    npx mytpe-links pulumi up --refresh --stack production --yes",
        "  \`cancel\` removes every lock of the stack, a live run's too: check who holds it first (user@host, pid and time above).",
      ]
    `);
  });

  it("recognises Pulumi Cloud's refusal of a second update, and works without a known stack", () => {
    const hint = lockHint("error: [409] Conflict: Another update is currently in progress.\n", undefined);
    expect(hint?.[0]).toBe("mytpe-links: the stack is locked by another run, so this run stopped before changing anything.");
    expect(hint).toContain("    npx mytpe-links pulumi cancel --yes");
  });

  it("adds nothing to other failures", () => {
    expect(lockHint("error: getting stack configuration: get stack secrets manager: incorrect passphrase\n", "production")).toBeUndefined();
  });
});
