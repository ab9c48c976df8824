import { PlannedScreen } from '../../ui/planned-screen.js';

export function ExportScreen() {
  return (
    <PlannedScreen icon="export" title="Export" step="Step 8 of the loop">
      Preference data for training: TRL, OpenAI-style DPO JSONL, Anthropic HH transcripts, K-way rankings and their pair expansion, SFT rows and Parquet, each with a manifest (counts, filters, lineage, sha256) and optional PII masking.
    </PlannedScreen>
  );
}
