// What a team shares, started once per test file: a PostgreSQL cluster holding the Pulumi state
// (PULUMI_BACKEND_URL=postgres://...), one MyTPE sandbox standing for the real API, and a campaign
// repository on a git origin whose stacks already exist in that backend. Runners are clones of it
// (campaign-repo.ts); each may reach the API through its own counting proxy (api-proxy.ts).
import { READY_INSTANCE_ID } from "../../src/sandbox/seed.ts";
import { startSandbox, type Sandbox } from "../../src/sandbox/server.ts";
import { startApiProxy, type ApiProxy } from "./api-proxy.ts";
import { createCampaignOrigin, type CampaignOrigin, type Files, type Runner } from "./campaign-repo.ts";
import { startPostgres, type PostgresCluster } from "./postgres.ts";
import { linksYaml } from "./temp-project.ts";

/** The stacks' passphrase: a team keeps it in its CI secret store, never in the repository. */
export const TEAM_PASSPHRASE = "team-passphrase-from-the-ci-secret-store";

export interface Team {
  pg: PostgresCluster;
  sandbox: Sandbox;
  origin: CampaignOrigin;
  /** A clone of the origin whose API calls go through a proxy of its own. */
  runner(name: string, env?: Record<string, string>): Promise<{ runner: Runner; proxy: ApiProxy }>;
  dispose(): Promise<void>;
}

/**
 * `stacks`: stack name → the link files or folders it provisions (its `mytpe:links`); `files`:
 * the repository's files besides (links). The template's example links and stack files are
 * replaced: the API's URL comes from the environment, as the workflow's secrets give it.
 */
export async function startTeam(options: { stacks: Record<string, readonly string[]>; files: Files }): Promise<Team> {
  const pg = await startPostgres();
  const sandbox = await startSandbox({ port: 0, log: () => {} });
  const proxies: ApiProxy[] = [];
  try {
    const stackFiles = Object.fromEntries(
      Object.entries(options.stacks).map(([stack, sources]) => [
        `stacks/Pulumi.${stack}.yaml`,
        `config:\n  mytpe:links:\n${sources.map((source) => `    - ${source}\n`).join("")}`,
      ]),
    );
    const origin = await createCampaignOrigin({
      env: {
        PULUMI_BACKEND_URL: pg.url,
        PULUMI_CONFIG_PASSPHRASE: TEAM_PASSPHRASE,
        MYTPE_API_URL: sandbox.url,
        MYTPE_PAY_URL: sandbox.payUrl,
        MYTPE_API_KEY: sandbox.apiKey,
        MYTPE_API_SECRET: sandbox.apiSecret,
      },
      files: { "links/example.yaml": null, "stacks/Pulumi.local.yaml": null, "stacks/Pulumi.production.yaml": null, ...stackFiles, ...options.files },
      stacks: Object.keys(options.stacks),
    });
    return {
      pg,
      sandbox,
      origin,
      async runner(name, env = {}) {
        const proxy = await startApiProxy(sandbox.url);
        proxies.push(proxy);
        return { runner: await origin.clone(name, { MYTPE_API_URL: proxy.url, ...env }), proxy };
      },
      async dispose() {
        await Promise.all(proxies.map((proxy) => proxy.close()));
        await sandbox.close();
        origin.dispose();
        await pg.stop();
      },
    };
  } catch (error) {
    await Promise.all(proxies.map((proxy) => proxy.close()));
    await sandbox.close();
    await pg.stop();
    throw error;
  }
}

/** `count` fixed-price links named `<prefix>-<i>`, as declared in YAML. */
export function declaredLinks(prefix: string, count: number, title = "Link"): Record<string, Record<string, unknown>> {
  const links: Record<string, Record<string, unknown>> = {};
  for (let i = 0; i < count; i++)
    links[`${prefix}-${i}`] = { title: `${title} ${i}`, amount_mode: "fixed", amount: 100 + i, usage_mode: "reusable", metadata: { campaign: prefix } };
  return links;
}

/** A link file on the sandbox's ready instance (seeded with the same id in every sandbox). */
export function linkFile(links: Record<string, Record<string, unknown>>): string {
  return linksYaml(READY_INSTANCE_ID, links);
}
