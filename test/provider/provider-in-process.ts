// The PaymentLink provider in this process against a sandbox, as a new Pulumi command starts it,
// for the provider's tests (not a test file itself).
import { createTransport } from "../../src/provider/api-transport.ts";
import { PaymentLinkProvider } from "../../src/provider/payment-link-provider.ts";
import type { Sandbox } from "../../src/sandbox/server.ts";

/** The mark the provider gives the link of the resource under test. */
export const MARK = "mytpe-links/test/voucher";

/** A provider as a new Pulumi command starts it (nothing read yet), saying its notes into `notes`. */
export async function providerFor(sandbox: Sandbox, notes: string[]): Promise<PaymentLinkProvider> {
  const config = new Map([
    ["mytpe:apiUrl", sandbox.url],
    ["mytpe:apiKey", sandbox.apiKey],
    ["mytpe:apiSecret", sandbox.apiSecret],
    ["mytpe:payUrl", sandbox.payUrl],
  ]);
  return new PaymentLinkProvider(
    { get: (key) => config.get(key) },
    {
      notes: (note) => notes.push(`${note.severity}: ${note.message}`),
      transport: await createTransport({ minBackoffMs: 5, maxBackoffMs: 50 }),
    },
  );
}

/** The inputs of a fixed, reusable voucher on the sandbox's ready instance, marked MARK. */
export function voucherInputs(sandbox: Sandbox, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    payment_instance_id: sandbox.instances.ready,
    title: "Voucher",
    amount_mode: "fixed",
    amount: 1000,
    usage_mode: "reusable",
    marker: MARK,
    ...extra,
  };
}
