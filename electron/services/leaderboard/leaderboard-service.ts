import type { MethodOutput, ParsedInput } from '../../../shared/contract/index.js';
import type { LabelingService } from '../labeling/labeling-service.js';
import * as labelingRepo from '../labeling/labeling-repository.js';
import { variantKeySql } from '../labeling/variants.js';
import type { Database } from '../storage/database.js';
import { analyse, type AnalysisInput } from './analysis.js';

/** The Leaderboard: reads a task set's current judgments in one go, then computes outside the database queue. */
export class LeaderboardService {
  constructor(
    private readonly db: Database,
    private readonly labeling: LabelingService,
  ) {}

  async get(input: ParsedInput<'leaderboard', 'get'>): Promise<MethodOutput<'leaderboard', 'get'>> {
    const analysis: AnalysisInput = await this.db.read(async (sql) => {
      const set = await this.labeling.loadTaskSet(sql, input.taskSetId);
      const items = await labelingRepo.judgedItems(sql, set.record.id);
      const variantRows = await sql.all<{ id: string; variant: string }>(
        `SELECT g.id, ${variantKeySql} AS variant FROM generations g
         WHERE g.id IN (SELECT unnest(from_json(generation_ids, '["VARCHAR"]')) FROM task_items
                        WHERE task_set_id = $id AND id IN (SELECT item_id FROM judgments WHERE task_set_id = $id))`,
        { id: set.record.id },
      );
      const judgments = await labelingRepo.currentJudgments(sql, set.record.id);
      const judgeIds = [...new Set(judgments.filter((row) => row.source === 'llm').map((row) => row.annotatorId))];
      const judges = [];
      for (const id of judgeIds) {
        const annotator = await labelingRepo.findAnnotator(sql, id);
        if (annotator) judges.push({ annotatorId: annotator.id, name: annotator.name, modelId: annotator.modelId });
      }
      return {
        taskSetId: set.record.id,
        kind: set.record.kind,
        variants: set.variants,
        items: new Map(items.map((item) => [item.id, item.generationIds])),
        generationVariant: new Map(variantRows.map((row) => [String(row.id), String(row.variant)])),
        judgments: judgments.map((row) => ({
          itemId: row.itemId,
          annotatorId: row.annotatorId,
          annotatorName: row.annotatorName,
          source: row.source,
          shownOrder: row.shownOrder,
          verdict: row.verdict,
        })),
        judges,
        includeJudges: input.includeJudges,
        resamples: input.resamples,
        seed: input.seed,
      };
    });
    return analyse(analysis);
  }
}
