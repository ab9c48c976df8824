import { useState, type DragEvent } from 'react';
import type { DatasetFormat } from '../../../shared/contract/datasets.js';
import { Icon } from '../../ui/icon.js';
import { formatFromExtension, formatLabels, formats, guessPastedFormat } from './paste-format.js';

export type SourceMode = 'file' | 'paste';
export type FormatChoice = DatasetFormat | 'auto';

export interface SourceDraft {
  mode: SourceMode;
  path: string;
  fileFormat: FormatChoice;
  text: string;
  pasteFormat: FormatChoice;
}

export const emptySource: SourceDraft = { mode: 'file', path: '', fileFormat: 'auto', text: '', pasteFormat: 'auto' };

const maxDroppedBytes = 20_000_000;

/** Where rows come from: a path the backend reads, or text pasted (or dropped) here. */
export function SourceForm({
  draft,
  onChange,
  onPreview,
  busy,
}: {
  draft: SourceDraft;
  onChange(update: Partial<SourceDraft>): void;
  onPreview(): void;
  busy: boolean;
}) {
  const [dropProblem, setDropProblem] = useState<string>();
  const fromExtension = formatFromExtension(draft.path);
  const guessed = draft.text.trim() ? guessPastedFormat(draft.text) : undefined;

  const onDrop = (event: DragEvent<HTMLTextAreaElement>) => {
    const file = event.dataTransfer.files[0];
    if (!file) return;
    event.preventDefault();
    const format = formatFromExtension(file.name);
    if (format === 'parquet') return setDropProblem('Parquet is binary: type its path in File instead.');
    if (file.size > maxDroppedBytes) return setDropProblem(`${file.name} is too big to paste: type its path in File instead.`);
    setDropProblem(undefined);
    void file.text().then((text) => onChange({ text, pasteFormat: format ?? 'auto' }));
  };

  return (
    <div className="ds-source" data-testid="source-form">
      <div className="segmented" role="tablist" aria-label="Source">
        <button type="button" role="tab" aria-selected={draft.mode === 'file'} onClick={() => onChange({ mode: 'file' })} data-testid="source-file">
          <Icon name="file" size={13} />
          File
        </button>
        <button type="button" role="tab" aria-selected={draft.mode === 'paste'} onClick={() => onChange({ mode: 'paste' })} data-testid="source-paste">
          <Icon name="copy" size={13} />
          Paste
        </button>
      </div>
      {draft.mode === 'file' ? (
        <>
          <div className="ds-source-row">
            <input
              className="input mono ds-path"
              type="text"
              autoFocus
              spellCheck={false}
              placeholder="/path/to/rows.csv"
              aria-label="File path"
              data-testid="source-path"
              value={draft.path}
              onChange={(event) => onChange({ path: event.target.value })}
              onKeyDown={(event) => {
                if (event.key === 'Enter' && draft.path.trim()) onPreview();
              }}
            />
            <FormatSelect value={draft.fileFormat} auto={fromExtension} onChange={(fileFormat) => onChange({ fileFormat })} />
            <button type="button" className="btn" disabled={busy || !draft.path.trim()} onClick={onPreview} data-testid="preview-source">
              <Icon name="eye" size={14} />
              {busy ? 'Reading…' : 'Preview'}
            </button>
          </div>
          <p className="form-hint">
            A path on the computer running Arbiter; DuckDB reads the file there. CSV and TSV need a header row, JSONL holds one object per line, JSON an
            array of objects.
          </p>
        </>
      ) : (
        <>
          <textarea
            className="textarea mono ds-paste"
            rows={8}
            autoFocus
            spellCheck={false}
            placeholder={'question,answer\nWhat is the capital of France?,Paris'}
            aria-label="Pasted rows"
            data-testid="source-text"
            value={draft.text}
            onChange={(event) => onChange({ text: event.target.value })}
            onDragOver={(event) => event.preventDefault()}
            onDrop={onDrop}
          />
          <div className="ds-source-row">
            <FormatSelect value={draft.pasteFormat} auto={guessed} onChange={(pasteFormat) => onChange({ pasteFormat })} />
            <span className="form-hint">{dropProblem ?? 'Previews as you type. You can also drop a CSV, TSV or JSON file here.'}</span>
          </div>
        </>
      )}
    </div>
  );
}

function FormatSelect({ value, auto, onChange }: { value: FormatChoice; auto: DatasetFormat | undefined; onChange(value: FormatChoice): void }) {
  return (
    <select className="select ds-format" aria-label="Format" data-testid="source-format" value={value} onChange={(event) => onChange(event.target.value as FormatChoice)}>
      <option value="auto">{auto ? `Auto · ${formatLabels[auto]}` : 'Auto'}</option>
      {formats.map((format) => (
        <option key={format} value={format}>
          {formatLabels[format]}
        </option>
      ))}
    </select>
  );
}
