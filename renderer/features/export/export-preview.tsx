import { useState } from 'react';
import { describeSkipped, type ExportPreview } from '../../../shared/contract/export.js';
import { formatCount } from '../../ui/format.js';
import { Notice } from '../../ui/notice.js';
import { JsonLine } from './json-line.js';

/** Counts, then the first rows exactly as the file will hold them (or, on request, laid out for reading). */
export function ExportPreviewPanel({
  preview,
  error,
  loading,
  fileType,
  ready,
}: {
  preview: ExportPreview | undefined;
  error: string | undefined;
  loading: boolean;
  fileType: string;
  ready: boolean;
}) {
  const [readable, setReadable] = useState(false);
  if (!ready) {
    return (
      <div className="ex-preview-empty empty-state" data-testid="export-pick">
        <h2>Pick the task sets to export</h2>
        <p>Their judgments become rows of the format you choose; the first rows show here, exactly as they will be written.</p>
      </div>
    );
  }
  const counts = preview?.counts;
  const split = counts && counts.train === 0 && counts.test > 0 ? 'test' : 'train';
  const skipped = counts ? describeSkipped(counts.skipped) : '';
  return (
    <div className="ex-preview" aria-busy={loading} data-testid="export-preview">
      {error && <Notice tone="danger">{error}</Notice>}
      {counts && (
        <div className="ex-stats" data-testid="export-counts">
          <Stat label="rows" value={counts.rows} />
          <Stat label="train" value={counts.train} detail={`${formatCount(counts.trainPrompts)} prompts`} />
          <Stat label="test" value={counts.test} detail={counts.test > 0 ? `${formatCount(counts.testPrompts)} prompts` : 'no split'} />
          <Stat label="judgments" value={counts.judgments} detail={`${formatCount(counts.items)} items`} />
        </div>
      )}
      {skipped && (
        <p className="ex-skipped" data-testid="export-skipped">
          <span className="ex-skipped-label">Left out</span> {skipped}
        </p>
      )}
      {preview && (
        <div className="ex-rows">
          <div className="ex-rows-head">
            <span className="ex-rows-title">
              data/{split}.{fileType}
              <span className="ex-rows-sub">
                {preview.lines.length === 0
                  ? ' · no rows'
                  : ` · first ${preview.shownAs === 'csv' ? Math.max(0, preview.lines.length - 1) : preview.lines.length} row${preview.lines.length === 1 ? '' : 's'}${fileType === 'parquet' ? ', the same values as JSON' : ', exactly as written'}`}
              </span>
            </span>
            {preview.shownAs === 'jsonl' && preview.lines.length > 0 && (
              <div className="segmented" role="group" aria-label="Preview layout">
                <button type="button" aria-pressed={!readable} onClick={() => setReadable(false)}>
                  As written
                </button>
                <button type="button" aria-pressed={readable} onClick={() => setReadable(true)} data-testid="preview-readable">
                  Readable
                </button>
              </div>
            )}
          </div>
          <ol className="ex-lines" data-layout={readable ? 'readable' : 'raw'}>
            {preview.lines.map((line, index) => (
              <li key={index} className="ex-line" data-testid="preview-line">
                <pre>{preview.shownAs === 'jsonl' ? <JsonLine text={readable ? pretty(line) : line} /> : line}</pre>
              </li>
            ))}
          </ol>
          <p className="ex-columns">
            Columns: {preview.columns.map((column) => <code key={column}>{column}</code>)}
          </p>
        </div>
      )}
    </div>
  );
}

function Stat({ label, value, detail }: { label: string; value: number; detail?: string }) {
  return (
    <div className="ex-stat">
      <span className="ex-stat-value">{formatCount(value)}</span>
      <span className="ex-stat-label">
        {label}
        {detail && <span className="ex-stat-detail"> · {detail}</span>}
      </span>
    </div>
  );
}

function pretty(line: string): string {
  try {
    return JSON.stringify(JSON.parse(line), null, 2);
  } catch {
    return line;
  }
}
