import type { TaskKind } from '../../../shared/contract/labeling.js';
import { formatCount } from '../../ui/format.js';
import { Icon } from '../../ui/icon.js';
import { modShortcutLabel } from '../../ui/use-mod-shortcut.js';
import type { PreviewState } from './use-task-set-preview.js';

const unit: Record<TaskKind, [string, string]> = {
  pairwise: ['pair', 'pairs'],
  ranking: ['ranking', 'rankings'],
  rubric: ['output to score', 'outputs to score'],
};

/** What the task set will hold before it exists: items, judgments needed, and why it cannot be made. */
export function TaskSetPreviewPanel({
  preview,
  missing,
  overlap,
  kind,
  ready,
  busy,
  createError,
  onCreate,
}: {
  preview: PreviewState;
  missing: string[];
  overlap: number;
  kind: TaskKind;
  ready: boolean;
  busy: boolean;
  createError: string | undefined;
  onCreate(): void;
}) {
  const answer = missing.length === 0 ? preview.preview : undefined;
  const problems = answer?.problems ?? [];
  const [one, many] = unit[kind];
  return (
    <aside className="lb-preview" aria-label="Preview" data-testid="task-set-preview" aria-busy={preview.pending}>
      <div className="lb-preview-scroll">
        <h3 className="section-title">Preview</h3>
        <dl className="lb-stats" data-stale={preview.pending || undefined}>
          <div>
            <dt>Items</dt>
            <dd data-testid="preview-items">{answer ? formatCount(answer.items) : '—'}</dd>
          </div>
          <div>
            <dt>Judgments needed</dt>
            <dd data-testid="preview-judgments">{answer ? formatCount(answer.items * overlap) : '—'}</dd>
          </div>
        </dl>
        {answer && (
          <p className="lb-note">
            {formatCount(answer.items)} {answer.items === 1 ? one : many} from {answer.variants.length} variant{answer.variants.length === 1 ? '' : 's'}; each judged by {overlap}{' '}
            annotator{overlap === 1 ? '' : 's'}. Sides and order are shuffled per annotator from the seed.
          </p>
        )}
        {preview.error && missing.length === 0 && (
          <div className="lb-problems" role="alert">
            <p className="lb-problems-title">
              <Icon name="alert" size={13} /> The preview failed
            </p>
            <ul>
              <li>{preview.error}</li>
            </ul>
          </div>
        )}
        {problems.length > 0 && (
          <div className="lb-problems" role="alert" data-testid="preview-problems">
            <p className="lb-problems-title">
              <Icon name="alert" size={13} /> {problems.length === 1 ? 'It cannot be made yet' : `${problems.length} reasons it cannot be made yet`}
            </p>
            <ul>
              {problems.map((problem) => (
                <li key={problem} data-testid="preview-problem">
                  {problem}
                </li>
              ))}
            </ul>
          </div>
        )}
        {missing.length > 0 && (
          <ul className="lb-todo" data-testid="form-missing">
            {missing.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        )}
      </div>
      <div className="lb-preview-actions">
        {createError && (
          <p className="form-error" role="alert">
            {createError}
          </p>
        )}
        <button type="button" className="btn btn-primary lb-create" disabled={!ready || busy} onClick={onCreate} data-testid="create-task-set">
          {busy ? 'Creating…' : answer ? `Create ${formatCount(answer.items)} ${answer.items === 1 ? 'item' : 'items'}` : 'Create task set'}
          <span className="btn-kbd">{modShortcutLabel('Enter')}</span>
        </button>
      </div>
    </aside>
  );
}
