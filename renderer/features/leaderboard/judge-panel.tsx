import { useRef, useState } from 'react';
import type { TaskKind } from '../../../shared/contract/labeling.js';
import type { JudgeReport } from '../../../shared/contract/leaderboard.js';
import { checkInteger } from '../../ui/form-field.js';
import { Icon } from '../../ui/icon.js';
import { Notice } from '../../ui/notice.js';
import { useModelList } from '../experiments/use-model-list.js';
import { JudgeReports } from './judge-reports.js';
import { JudgeRunRow } from './judge-run-row.js';
import type { JudgePromptDraft } from './use-judge-prompt.js';
import type { JudgeRunsState } from './use-judge-runs.js';

/**
 * LLM as judge: a model judges every pair of the set twice, once in each order. Its verdicts are
 * stored apart from the people's and only count in the ratings when the user says so.
 */
export function JudgePanel({ kind, judges, runs, draft }: { kind: TaskKind; judges: readonly JudgeReport[]; runs: JudgeRunsState; draft: JudgePromptDraft }) {
  const { models, error: modelsError } = useModelList();
  const [picked, setPicked] = useState('');
  const [starting, setStarting] = useState(false);
  const promptField = useRef<HTMLTextAreaElement>(null);
  const modelId = picked || models?.[0]?.id || '';
  const nameOf = (id: string) => models?.find((model) => model.id === id)?.name ?? id;
  const tokensError = checkInteger(draft.maxTokens, 'Max tokens', 1, 8192, true);
  const busy = runs.runs.get(modelId)?.state === 'running';
  const pairwise = kind === 'pairwise';
  const canStart = pairwise && !!modelId && !tokensError && draft.prompt.trim() !== '' && !busy && !starting;
  const runList = [...runs.runs.values()];

  const start = async () => {
    setStarting(true);
    await runs.start({ modelId, prompt: draft.prompt, maxTokens: Number(draft.maxTokens) });
    setStarting(false);
  };

  return (
    <section className="lb-card lb-card-wide" data-testid="judge-panel" aria-labelledby="lb-judge-title">
      <header className="lb-card-head">
        <h3 id="lb-judge-title">LLM judges</h3>
        <span className="lb-card-meta">each pair is judged in both orders; verdicts stay out of the ratings unless you include them</span>
      </header>
      {judges.length > 0 ? (
        <JudgeReports judges={judges} />
      ) : (
        <p className="lb-empty-line">No LLM judge has judged this task set yet.</p>
      )}
      {runList.length > 0 && (
        <ul className="lb-runs" data-testid="judge-runs">
          {runList.map((run) => (
            <JudgeRunRow key={run.modelId} run={run} modelName={nameOf(run.modelId)} onCancel={() => void runs.cancel(run.modelId)} />
          ))}
        </ul>
      )}
      {!pairwise ? (
        <Notice>An LLM judge compares two outputs at a time, so it runs on pairwise task sets only.</Notice>
      ) : (
        <div className="lb-judge-form">
          <div className="lb-judge-controls">
            <label className="lb-inline-field">
              <span>Judge model</span>
              <select className="select" value={modelId} onChange={(event) => setPicked(event.target.value)} data-testid="judge-model" disabled={!models?.length}>
                {!models?.length && <option value="">No models yet</option>}
                {models?.map((model) => (
                  <option key={model.id} value={model.id}>
                    {model.name}
                  </option>
                ))}
              </select>
            </label>
            <label className="lb-inline-field">
              <span>Max tokens</span>
              <input
                className="input lb-tokens"
                inputMode="numeric"
                value={draft.maxTokens}
                onChange={(event) => draft.setMaxTokens(event.target.value)}
                aria-invalid={tokensError ? true : undefined}
                data-testid="judge-max-tokens"
              />
            </label>
            <span className="lb-spacer" />
            <button type="button" className="btn btn-primary" disabled={!canStart} onClick={() => void start()} data-testid="judge-start">
              <Icon name="play" size={12} />
              {busy ? 'Judging…' : 'Start judging'}
            </button>
          </div>
          {tokensError && <p className="form-error">{tokensError}</p>}
          {modelsError && <Notice tone="danger">{modelsError}</Notice>}
          {models?.length === 0 && <p className="lb-empty-line">Add a model on the Models screen to use it as a judge.</p>}
          <div className="lb-prompt-head">
            <span className="form-label">Judge prompt</span>
            <span className="lb-spacer" />
            {draft.edited && <span className="chip" data-tone="candidate">edited</span>}
            <button
              type="button"
              className="btn btn-sm btn-ghost"
              onClick={() => {
                draft.reset();
                promptField.current?.scrollTo(0, 0);
              }}
              disabled={!draft.edited}
              data-testid="judge-prompt-reset"
            >
              <Icon name="restore" size={12} />
              Reset to default
            </button>
          </div>
          <textarea
            ref={promptField}
            className="textarea lb-prompt"
            value={draft.prompt}
            onChange={(event) => draft.setPrompt(event.target.value)}
            rows={10}
            spellCheck={false}
            aria-label="Judge prompt"
            data-testid="judge-prompt"
          />
          <p className="lb-note">
            Jinja, with <code>{'{{ question }}'}</code>, <code>{'{{ answer_a }}'}</code>, <code>{'{{ answer_b }}'}</code> and <code>{'{{ reference }}'}</code>. The
            answer must end with [[A]], [[B]] or [[C]] (a tie); anything else counts as unparsed.
          </p>
          {runs.error && <Notice tone="danger">{runs.error}</Notice>}
        </div>
      )}
    </section>
  );
}
