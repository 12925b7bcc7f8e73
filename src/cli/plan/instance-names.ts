// The names of the payment instances new links collect their money into, for the plan's create
// rows (issue 28): an instance's id alone tells a reviewer nothing, and a declaration may name
// another trader's shop. Read as `links` reads the API (links/stack-reader.ts: the stack's
// settings, else MYTPE_API_*), GET /instances/{id} once per instance. A name the API does not give
// (an error, no `name`) is left out and the row keeps the id; why is said once.
import { apiRequest, type ApiConfig } from "../../provider/api-client.ts";
import type { InstanceNames, Plan } from "./link-changes.ts";

/** id (lowercase) → name, for the instances whose name the API gives. */
export async function readInstanceNames(api: ApiConfig, ids: readonly string[], err: (line: string) => void): Promise<InstanceNames> {
  const names = new Map<string, string>();
  const failures: string[] = [];
  await Promise.all(
    [...new Set(ids.map((id) => id.toLowerCase()))].map(async (id) => {
      try {
        const answer = await apiRequest<{ data?: { name?: unknown } }>(
          api,
          { operation: "read payment instance" },
          "GET",
          `/instances/${encodeURIComponent(id)}`,
        );
        if (typeof answer?.data?.name === "string" && answer.data.name !== "") names.set(id, answer.data.name);
      } catch (error) {
        failures.push((error as Error).message);
      }
    }),
  );
  if (failures.length > 0)
    err(
      `plan: the name of ${failures.length === 1 ? "a payment instance" : `${failures.length} payment instances`} could not be read, the plan shows ${failures.length === 1 ? "its id" : "their ids"}: ${failures[0]}`,
    );
  return names;
}

/** The payment instances the plan's new links go to (each once, lowercase). */
export function createdInstances(plan: Plan): string[] {
  return [...new Set(plan.links.flatMap((link) => (link.instance ? [link.instance.id.toLowerCase()] : [])))];
}

/** The plan with each new link's instance named, where `names` has it. Pure. */
export function withInstanceNames(plan: Plan, names: InstanceNames): Plan {
  const links = plan.links.map((link) => {
    const name = link.instance && names.get(link.instance.id.toLowerCase());
    return link.instance && name !== undefined ? { ...link, instance: { ...link.instance, name } } : link;
  });
  return { ...plan, links };
}

/**
 * How `plan` reads the names, once the preview ran: the project's stack and API settings (stack
 * config, else MYTPE_API_*), with the preview's environment. Any failure leaves the ids, said once.
 */
export function projectInstanceNames(
  root: string,
  named: string | undefined,
  env: NodeJS.ProcessEnv,
  err: (line: string) => void,
): (ids: readonly string[]) => Promise<InstanceNames> {
  return async (ids) => {
    const { commandStack } = await import("../command-stack.ts");
    const { apiSettingsOf, readStackConfig } = await import("../links/stack-reader.ts");
    const { createTransport } = await import("../../provider/api-transport.ts");
    let settings;
    try {
      // The preview has made the stack exist and said so: nothing more to say here.
      const run = await commandStack(root, named, env, () => {});
      const pulumi = { cli: run.cli, root, env: run.env, stack: run.stack };
      settings = await apiSettingsOf(pulumi, await readStackConfig(pulumi));
    } catch (error) {
      err(`plan: the names of the payment instances could not be read, the plan shows their ids: ${(error as Error).message}`);
      return new Map();
    }
    const { dispatcher, pacer } = await createTransport({ concurrency: 4 });
    try {
      return await readInstanceNames({ ...settings, dispatcher, pacer }, ids, err);
    } finally {
      await dispatcher.close();
    }
  };
}
