import type { Database } from './database.js';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/** Append only: a migration that has shipped is never edited, a new one is added. */
export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'prompt library and audit log',
    sql: `
      CREATE TABLE prompts (
        id VARCHAR PRIMARY KEY,
        name VARCHAR NOT NULL,
        archived_at TIMESTAMPTZ,
        created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
      );
      CREATE TABLE prompt_versions (
        id VARCHAR PRIMARY KEY,
        prompt_id VARCHAR NOT NULL REFERENCES prompts(id),
        number INTEGER NOT NULL,
        content_hash VARCHAR NOT NULL,
        template JSON NOT NULL,
        variables JSON NOT NULL,
        note VARCHAR NOT NULL DEFAULT '',
        created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        UNIQUE (prompt_id, number)
      );
      CREATE TABLE prompt_labels (
        prompt_id VARCHAR NOT NULL REFERENCES prompts(id),
        label VARCHAR NOT NULL,
        version_id VARCHAR NOT NULL REFERENCES prompt_versions(id),
        updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        PRIMARY KEY (prompt_id, label)
      );
      CREATE SEQUENCE audit_log_seq;
      CREATE TABLE audit_log (
        id BIGINT PRIMARY KEY DEFAULT nextval('audit_log_seq'),
        occurred_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        action VARCHAR NOT NULL,
        entity VARCHAR NOT NULL,
        entity_id VARCHAR NOT NULL,
        detail JSON
      );
    `,
  },
  {
    version: 2,
    name: 'model registry',
    sql: `
      CREATE TABLE models (
        id VARCHAR PRIMARY KEY,
        kind VARCHAR NOT NULL CHECK (kind IN ('local', 'remote')),
        name VARCHAR NOT NULL,
        -- Local: path, header, settings. Remote: provider, base URL, model, key NAME. Never a key.
        config JSON NOT NULL,
        prices JSON NOT NULL,
        created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
      );
    `,
  },
  {
    version: 3,
    name: 'datasets',
    sql: `
      CREATE TABLE datasets (
        id VARCHAR PRIMARY KEY,
        name VARCHAR NOT NULL,
        created_at TIMESTAMPTZ NOT NULL DEFAULT now()
      );
      -- Each import is a new immutable version: experiments point at versions, never at a dataset.
      CREATE TABLE dataset_versions (
        id VARCHAR PRIMARY KEY,
        dataset_id VARCHAR NOT NULL REFERENCES datasets(id),
        number INTEGER NOT NULL,
        row_count INTEGER NOT NULL,
        variables JSON NOT NULL,
        has_reference BOOLEAN NOT NULL,
        has_context BOOLEAN NOT NULL,
        source VARCHAR NOT NULL,
        created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        UNIQUE (dataset_id, number)
      );
      CREATE TABLE dataset_rows (
        version_id VARCHAR NOT NULL,
        row_index INTEGER NOT NULL,
        row_id VARCHAR NOT NULL,
        variables JSON NOT NULL,
        reference VARCHAR,
        context VARCHAR,
        PRIMARY KEY (version_id, row_index)
      );
    `,
  },
  {
    version: 4,
    name: 'experiments and generations',
    sql: `
      CREATE TABLE experiments (
        id VARCHAR PRIMARY KEY,
        name VARCHAR NOT NULL,
        config JSON NOT NULL,
        estimate JSON NOT NULL,
        state VARCHAR NOT NULL,
        message VARCHAR,
        created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
      );
      -- One row per completed cell. The unique key is what makes resume fill only missing cells
      -- and makes a cell impossible to store twice.
      CREATE TABLE generations (
        id VARCHAR PRIMARY KEY,
        experiment_id VARCHAR NOT NULL,
        prompt_version_id VARCHAR NOT NULL,
        model_id VARCHAR NOT NULL,
        row_id VARCHAR NOT NULL,
        sample_index INTEGER NOT NULL,
        seed BIGINT NOT NULL,
        cache_key VARCHAR NOT NULL,
        messages JSON NOT NULL,
        params JSON NOT NULL,
        output VARCHAR NOT NULL,
        finish_reason VARCHAR NOT NULL,
        input_tokens INTEGER NOT NULL,
        output_tokens INTEGER NOT NULL,
        latency_ms DOUBLE NOT NULL,
        ttft_ms DOUBLE,
        cost_usd DOUBLE,
        error JSON,
        cached BOOLEAN NOT NULL,
        attempts INTEGER NOT NULL,
        created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        UNIQUE (experiment_id, prompt_version_id, model_id, row_id, sample_index)
      );
      CREATE INDEX generations_cache_key ON generations (cache_key);
    `,
  },
  {
    version: 5,
    name: 'labeling: annotators, task sets, items and judgments',
    sql: `
      CREATE TABLE annotators (
        id VARCHAR PRIMARY KEY,
        name VARCHAR NOT NULL,
        -- 'human', or 'llm' for a model judging (its verdicts are kept apart from human ones)
        kind VARCHAR NOT NULL CHECK (kind IN ('human', 'llm')),
        model_id VARCHAR,
        created_at TIMESTAMPTZ NOT NULL DEFAULT now()
      );
      CREATE TABLE task_sets (
        id VARCHAR PRIMARY KEY,
        name VARCHAR NOT NULL,
        experiment_id VARCHAR NOT NULL,
        kind VARCHAR NOT NULL CHECK (kind IN ('pairwise', 'ranking', 'rubric')),
        -- instructions, rubric, tags, overlap, seed, blind, sampling: the whole create input
        config JSON NOT NULL,
        archived_at TIMESTAMPTZ,
        created_at TIMESTAMPTZ NOT NULL DEFAULT now()
      );
      -- One thing to judge: 2 generations (pairwise), K (ranking) or 1 (rubric), in a canonical order.
      CREATE TABLE task_items (
        id VARCHAR PRIMARY KEY,
        task_set_id VARCHAR NOT NULL,
        position INTEGER NOT NULL,
        row_id VARCHAR NOT NULL,
        generation_ids JSON NOT NULL,
        UNIQUE (task_set_id, position)
      );
      -- Judgments are facts, never edited in place: a change or an undo is a new row of the same
      -- judgment_key (annotator, item, shown order) with a higher revision; the current view is the
      -- latest revision that is not a retraction.
      CREATE TABLE judgments (
        id VARCHAR PRIMARY KEY,
        judgment_key VARCHAR NOT NULL,
        revision INTEGER NOT NULL,
        task_set_id VARCHAR NOT NULL,
        item_id VARCHAR NOT NULL,
        annotator_id VARCHAR NOT NULL,
        source VARCHAR NOT NULL CHECK (source IN ('human', 'llm', 'adjudication')),
        retracted BOOLEAN NOT NULL DEFAULT false,
        shown_order JSON NOT NULL,
        verdict JSON,
        rationale VARCHAR NOT NULL DEFAULT '',
        tags JSON NOT NULL DEFAULT '[]',
        flagged BOOLEAN NOT NULL DEFAULT false,
        duration_ms INTEGER,
        -- the judge model's raw answer, for LLM verdicts
        raw_output VARCHAR,
        created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        UNIQUE (judgment_key, revision)
      );
      CREATE INDEX judgments_task_set ON judgments (task_set_id);
    `,
  },
  {
    version: 6,
    name: 'exports and annotation bundle imports',
    sql: `
      -- Every export folder, annotation bundle and bundle import; the files' own manifests say the rest.
      CREATE TABLE exports (
        id VARCHAR PRIMARY KEY,
        kind VARCHAR NOT NULL CHECK (kind IN ('dataset', 'bundle', 'bundle-import')),
        -- the export format; for bundles the bundle id
        format VARCHAR NOT NULL,
        file_type VARCHAR NOT NULL,
        options JSON NOT NULL,
        folder VARCHAR NOT NULL,
        task_set_ids JSON NOT NULL,
        counts JSON NOT NULL,
        files JSON NOT NULL,
        created_at TIMESTAMPTZ NOT NULL DEFAULT now()
      );
    `,
  },
  {
    version: 7,
    name: 'scores and run alerts',
    sql: `
      -- One row per (generation, scorer). Where the generation belongs is repeated here, so the
      -- Monitor's pass rates by model and prompt version need no join with generations.
      CREATE TABLE scores (
        generation_id VARCHAR NOT NULL,
        experiment_id VARCHAR NOT NULL,
        prompt_version_id VARCHAR NOT NULL,
        model_id VARCHAR NOT NULL,
        row_id VARCHAR NOT NULL,
        scorer VARCHAR NOT NULL,
        kind VARCHAR NOT NULL,
        pass BOOLEAN NOT NULL,
        -- 0 to 1; null when the scorer could not run (then error says why)
        score DOUBLE,
        reason VARCHAR NOT NULL DEFAULT '',
        error VARCHAR,
        created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        PRIMARY KEY (generation_id, scorer)
      );
      -- A threshold crossed while an experiment ran (budget, cost, latency, error rate).
      CREATE TABLE alerts (
        id VARCHAR PRIMARY KEY,
        experiment_id VARCHAR NOT NULL,
        kind VARCHAR NOT NULL,
        message VARCHAR NOT NULL,
        value DOUBLE,
        threshold DOUBLE,
        created_at TIMESTAMPTZ NOT NULL DEFAULT now()
      );
    `,
  },
];

export const latestSchemaVersion = migrations.at(-1)?.version ?? 0;

/** Brings the workspace up to date, one transaction per migration, each recorded in the file. */
export async function migrate(db: Database): Promise<number> {
  await db.read((sql) =>
    sql.run(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`),
  );
  const applied = await db.all<{ version: number }>('SELECT version FROM schema_migrations');
  const current = Math.max(0, ...applied.map((row) => row.version));
  if (current > latestSchemaVersion) {
    throw new Error(
      `This workspace was written by a newer Arbiter (schema ${current}, this build knows ${latestSchemaVersion}). Update Arbiter to open it.`,
    );
  }
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    await db.transaction(async (sql) => {
      await sql.run(migration.sql);
      await sql.run('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
    });
  }
  return latestSchemaVersion;
}
