import { useState } from 'react';
import type { CompareColumn, ComparePrompt } from '../../../shared/contract/compare.js';
import type { DatasetRow } from '../../../shared/contract/datasets.js';
import { CellValue } from '../datasets/cell-value.js';
import { promptLabel } from './column-label.js';

const promptOpenKey = 'arbiter.compare.promptOpen';

/** Above the outputs: the row's values, its reference and context, and the rendered prompt that was sent. */
export function RowContext({ row, prompts, columns }: { row: DatasetRow; prompts: readonly ComparePrompt[]; columns: readonly CompareColumn[] }) {
  // The prompt versions of the columns shown, in their order; the first is shown until another is picked.
  const versionIds = [...new Set(columns.map((column) => column.promptVersionId))];
  const [picked, setPicked] = useState<string>();
  const versionId = picked !== undefined && versionIds.includes(picked) ? picked : versionIds[0];
  const prompt = prompts.find((entry) => entry.promptVersionId === versionId);
  const labelOf = (id: string) => {
    const column = columns.find((entry) => entry.promptVersionId === id);
    return column ? promptLabel(column) : 'Prompt';
  };
  const [open, setOpen] = useState(() => localStorage.getItem(promptOpenKey) !== 'false');
  const toggle = () => {
    localStorage.setItem(promptOpenKey, String(!open));
    setOpen(!open);
  };

  return (
    <div className="cmp-context" data-testid="row-context">
      <section className="cmp-card cmp-values" aria-label="Row values">
        <h3 className="section-title">Row {row.index + 1}</h3>
        <dl className="cmp-dl" data-testid="row-values">
          {Object.entries(row.variables).map(([name, value]) => (
            <div key={name}>
              <dt>{name}</dt>
              <dd>
                <CellValue value={value} />
              </dd>
            </div>
          ))}
          {row.reference !== null && (
            <div data-kind="reference">
              <dt>reference</dt>
              <dd data-testid="row-reference">{row.reference}</dd>
            </div>
          )}
          {row.context !== null && (
            <div data-kind="context">
              <dt>context</dt>
              <dd className="cmp-long" data-testid="row-context-text">
                {row.context}
              </dd>
            </div>
          )}
        </dl>
      </section>
      <section className="cmp-card cmp-prompt" aria-label="Prompt" data-open={open || undefined}>
        <div className="cmp-card-head">
          <button type="button" className="cmp-disclosure" aria-expanded={open} onClick={toggle} data-testid="toggle-prompt">
            <span className="cmp-caret" aria-hidden="true" />
            <span className="section-title">Prompt</span>
          </button>
          {prompt?.source === 'preview' && (
            <span className="cmp-badge" title="Nothing was generated for this row with this prompt version yet: this is the template rendered now">
              preview
            </span>
          )}
          <span className="cmp-spacer" />
          {versionIds.length > 1 && (
            <div className="segmented" role="group" aria-label="Prompt version">
              {versionIds.map((id) => (
                <button key={id} type="button" aria-pressed={id === versionId} onClick={() => setPicked(id)} data-testid="prompt-version-tab">
                  {labelOf(id)}
                </button>
              ))}
            </div>
          )}
          {versionIds.length === 1 && versionId && <span className="muted cmp-small">{labelOf(versionId)}</span>}
        </div>
        {open && (
          <div className="cmp-messages" data-testid="prompt-messages">
            {prompt?.error && <p className="cmp-error-text">The template could not be rendered for this row: {prompt.error}</p>}
            {prompt?.messages.map((message, index) => (
              <div key={index} className="cmp-message" data-role={message.role}>
                <span className="cmp-role">{message.role}</span>
                <pre>{message.content}</pre>
              </div>
            ))}
          </div>
        )}
      </section>
    </div>
  );
}
