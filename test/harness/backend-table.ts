// What Pulumi's PostgreSQL backend keeps (pkg/backend/diy/postgres, Pulumi 3.259): one table,
// `pulumi_state` by default, one row per file the file backend would write (the stack's
// checkpoint, its .bak, a backup and a history entry per update, lock files), `key` being the
// path and `data` the file as `{"data": "<base64>"}`. Read back here so tests can look inside.
import { gunzipSync } from "node:zlib";
import type { StateLink } from "../../scripts/convergence.ts";
import type { PostgresCluster } from "./postgres.ts";

export interface BackendRow {
  key: string;
  /** The stored `data` column, as text. */
  stored: string;
  /** The file it holds, decoded (and gunzipped when PULUMI_DIY_BACKEND_GZIP wrote it). */
  content: string;
}

export async function backendRows(pg: Pick<PostgresCluster, "query">, table = "pulumi_state"): Promise<BackendRow[]> {
  const json = await pg.query(`SELECT coalesce(json_agg(json_build_object('key', key, 'data', data) ORDER BY key), '[]') FROM ${table}`);
  const rows = JSON.parse(json) as { key: string; data: { data: string } }[];
  return rows.map(({ key, data }) => {
    const bytes = Buffer.from(data.data, "base64");
    const gzipped = bytes[0] === 0x1f && bytes[1] === 0x8b;
    return { key, stored: JSON.stringify(data), content: (gzipped ? gunzipSync(bytes) : bytes).toString("utf8") };
  });
}

/** Lock rows of a stack (`.pulumi/locks/<org>/<project>/<stack>/<id>.json`). */
export function lockRows(rows: readonly BackendRow[], stack: string): BackendRow[] {
  return rows.filter((row) => row.key.includes("/.pulumi/locks/") && row.key.split("/").at(-2) === stack);
}

/** The stack's current checkpoint (`.pulumi/stacks/<project>/<stack>.json`), parsed. */
export function checkpointOf(rows: readonly BackendRow[], stack: string): { checkpoint: { latest?: { resources?: StateLink[] } } } | undefined {
  const row = rows.find((candidate) => candidate.key.includes("/.pulumi/stacks/") && candidate.key.endsWith(`/${stack}.json`));
  return row ? (JSON.parse(row.content) as ReturnType<typeof checkpointOf>) : undefined;
}

/** Rows and bytes in the backend: the table's own size on disk (with its index and TOAST). */
export async function backendSize(
  pg: Pick<PostgresCluster, "query">,
  table = "pulumi_state",
): Promise<{ rows: number; dataBytes: number; tableBytes: number }> {
  const line = await pg.query(`SELECT count(*), coalesce(sum(octet_length(data::text)), 0), pg_total_relation_size('${table}') FROM ${table}`);
  const [rows, dataBytes, tableBytes] = line.split("|").map(Number);
  return { rows: rows ?? 0, dataBytes: dataBytes ?? 0, tableBytes: tableBytes ?? 0 };
}
