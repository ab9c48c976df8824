import { PlannedScreen } from '../../ui/planned-screen.js';

export function DatasetsScreen() {
  return (
    <PlannedScreen icon="datasets" title="Datasets" step="Step 3 of the loop">
      Rows of variables imported from CSV, JSONL, Parquet or pasted text, with an optional reference answer and context column. Each row fills the {'{{ variables }}'} of a prompt.
    </PlannedScreen>
  );
}
