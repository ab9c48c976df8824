import { exportFormatInfo, type ExportCounts, type ExportOptions } from '../../../shared/contract/export.js';
import type { Sql } from '../storage/database.js';
import { stageRows } from './rows.js';
import type { TextScrub } from './text-scrub.js';
import { stageVotes } from './votes.js';

export interface Staged {
  /** The written columns, in order. */
  columns: string[];
  /** The SELECT of a split's rows in file order (see rows.ts). */
  rows(split: 'train' | 'test', limit?: number, asJsonText?: ReadonlySet<string>): string;
  /** Those holding lists or structs (CSV writes them as JSON text). */
  nested: string[];
  counts: ExportCounts;
}

/** Runs both stages into temp tables (x_out holds the rows); the caller drops them with dropStaged. */
export async function stage(sql: Sql, options: ExportOptions, scrub: TextScrub): Promise<Staged> {
  // Every order that matters is an ORDER BY: the temp tables need not keep insertion order, which
  // lets DuckDB build them in parallel without reassembling it.
  await sql.run('SET preserve_insertion_order = false');
  let votes: Awaited<ReturnType<typeof stageVotes>>;
  let rows: Awaited<ReturnType<typeof stageRows>>;
  try {
    votes = await stageVotes(sql, options, exportFormatInfo(options.format).kinds, scrub);
    rows = await stageRows(sql, options, scrub);
  } finally {
    await sql.run('RESET preserve_insertion_order');
  }
  const totals = await sql.one<Record<string, number | bigint>>(`SELECT
      count(*) AS rows,
      count(*) FILTER (WHERE __split = 'train') AS train,
      count(*) FILTER (WHERE __split = 'test') AS test,
      count(DISTINCT __key) FILTER (WHERE __split = 'train') AS train_prompts,
      count(DISTINCT __key) FILTER (WHERE __split = 'test') AS test_prompts
    FROM x_keys`);
  const types = await sql.all<{ column_name: string; column_type: string }>(`DESCRIBE ${rows.rows('train', 0)}`);
  const nested = types.filter((type) => /\[\]|STRUCT|MAP/.test(type.column_type)).map((type) => type.column_name);
  return {
    columns: rows.columns,
    rows: rows.rows,
    nested: rows.columns.filter((column) => nested.includes(column)),
    counts: {
      rows: Number(totals?.rows ?? 0),
      train: Number(totals?.train ?? 0),
      test: Number(totals?.test ?? 0),
      judgments: votes.judgments,
      items: votes.items,
      trainPrompts: Number(totals?.train_prompts ?? 0),
      testPrompts: Number(totals?.test_prompts ?? 0),
      skipped: {
        llmVotesExcluded: votes.llmVotesExcluded,
        invalidVerdicts: votes.invalidVerdicts,
        wrongTaskKind: votes.wrongTaskKind,
        noConsensus: votes.noConsensus,
        atThreshold: votes.atThreshold,
        ...rows.skipped,
      },
    },
  };
}
