import type { ExportManifest } from '../../../shared/contract/export.js';
import type { Sql } from '../storage/database.js';
import type { TextScrub } from './text-scrub.js';

export type Lineage = Pick<ExportManifest, 'taskSets' | 'experiments' | 'promptVersions' | 'models' | 'annotators'>;

/**
 * Where the staged rows came from, for the manifest: read while the temp tables exist, every
 * name scrubbed like the data (a model's name may hold a path, an annotator's an email). Local
 * models say only their name: their file path never leaves the workspace.
 */
export async function readLineage(sql: Sql, scrub: TextScrub): Promise<Lineage> {
  const taskSets = await sql.all(`SELECT id, ${scrub.sql('name')} AS name, kind, experiment_id FROM x_sets ORDER BY id`);
  const experiments = await sql.all(
    `SELECT id, ${scrub.sql('name')} AS name FROM experiments WHERE id IN (SELECT experiment_id FROM x_sets) ORDER BY id`,
  );
  await sql.run(`CREATE OR REPLACE TEMP TABLE x_used AS
    SELECT DISTINCT g.model_id, g.prompt_version_id FROM x_gens g WHERE g.id IN (SELECT unnest(__gens) FROM x_keys)`);
  const promptVersions = await sql.all(
    `SELECT pv.id, ${scrub.sql('p.name')} AS prompt, pv.number, pv.content_hash FROM prompt_versions pv JOIN prompts p ON p.id = pv.prompt_id
     WHERE pv.id IN (SELECT prompt_version_id FROM x_used) ORDER BY pv.id`,
  );
  const models = await sql.all(
    `SELECT m.id, ${scrub.sql('m.name')} AS name, m.kind,
       CASE WHEN m.kind = 'remote' THEN ${scrub.sql(`json_extract_string(m.config, '$.provider')`)} END AS provider,
       CASE WHEN m.kind = 'remote' THEN ${scrub.sql(`json_extract_string(m.config, '$.model')`)} END AS model
     FROM models m WHERE m.id IN (SELECT model_id FROM x_used) ORDER BY m.id`,
  );
  const annotators = await sql.all(
    `SELECT v.voter_id AS id, any_value(v.voter_name) AS name, coalesce(any_value(a.kind), 'human') AS kind, count(*) AS judgments
     FROM x_votes v LEFT JOIN annotators a ON a.id = v.voter_id GROUP BY v.voter_id ORDER BY v.voter_id`,
  );
  await sql.run('DROP TABLE IF EXISTS temp.x_used');
  return {
    taskSets: taskSets.map((row) => ({ id: String(row.id), name: String(row.name), kind: row.kind as 'pairwise', experimentId: String(row.experiment_id) })),
    experiments: experiments.map((row) => ({ id: String(row.id), name: String(row.name) })),
    promptVersions: promptVersions.map((row) => ({ id: String(row.id), prompt: String(row.prompt), number: Number(row.number), contentHash: String(row.content_hash) })),
    models: models.map((row) => ({
      id: String(row.id),
      name: String(row.name),
      kind: row.kind === 'local' ? ('local' as const) : ('remote' as const),
      provider: row.provider === null ? null : String(row.provider),
      model: row.model === null ? null : String(row.model),
    })),
    annotators: annotators.map((row) => ({ id: String(row.id), name: String(row.name), kind: row.kind === 'llm' ? ('llm' as const) : ('human' as const), judgments: Number(row.judgments) })),
  };
}
