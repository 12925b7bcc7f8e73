// Serialized into the state of every PaymentLink (the `__provider` property) and run by the
// Pulumi dynamic-provider host, a plain `node` process without our TypeScript loader.
// It is deliberately tiny and captures nothing: no secrets, no schemas, no imports. On first use
// it loads the real provider (payment-link-host.ts) from the project through tsx's API, so the
// state stays small and every resource, old or new, runs the current code.
import type * as pulumi from "@pulumi/pulumi";
import type { PaymentLinkHost } from "./payment-link-host.ts";

interface Shim extends pulumi.dynamic.ResourceProvider {
  host?: PaymentLinkHost;
}

export const paymentLinkShim: Shim = {
  async configure(req) {
    const { tsImport } = await import("tsx/esm/api");
    const { pathToFileURL } = await import("node:url");
    const { existsSync } = await import("node:fs");
    const { dirname, join } = await import("node:path");
    // The engine starts the provider host in the project (or program) directory: look upwards.
    let root = process.cwd();
    while (!existsSync(join(root, "provider/payment-link-host.ts")) && dirname(root) !== root) root = dirname(root);
    const module = (await tsImport("./provider/payment-link-host.ts", pathToFileURL(`${root}/`).href)) as {
      PaymentLinkHost: typeof PaymentLinkHost;
    };
    this.host = new module.PaymentLinkHost(req.config);
  },
  async check(olds, news) {
    return this.host!.check(olds, news);
  },
  async diff(id, olds, news) {
    return this.host!.diff(id, olds, news);
  },
  async create(inputs) {
    return this.host!.create(inputs);
  },
  async read(id, props) {
    return this.host!.read(id, props ?? {});
  },
  async update(id, olds, news) {
    return this.host!.update(id, olds, news);
  },
  async delete(id, props) {
    return this.host!.delete(id, props);
  },
};
