import { useRef, useState } from 'react';
import type { ChatTemplate } from '../../../shared/contract/prompts.js';
import { describeError } from '../../lib/describe-error.js';
import type { TemplateEditorHandle } from '../../monaco/index.js';
import { useApi } from '../../transport/index.js';
import { Icon } from '../../ui/icon.js';
import type { DraftStore } from './draft-store.js';
import { newPromptKey } from './new-prompt-key.js';
import { IssueList } from './issue-list.js';
import { MessageStack } from './message-stack.js';
import { PreviewSide } from './preview-side.js';
import { SaveStatusLine, type SaveStatus } from './save-bar.js';
import { draftFromVersion, toDraftMessages, type PromptDraft } from './template-draft.js';
import { useSaveShortcut, saveShortcutLabel } from './use-save-shortcut.js';
import { useTemplateAnalysis } from './use-template-analysis.js';


const starter: ChatTemplate = {
  messages: [
    { role: 'system', content: 'You are a careful assistant.' },
    { role: 'user', content: '{{ question }}' },
  ],
};

function emptyDraft(): PromptDraft {
  return { base: { number: 0, hash: '', template: starter }, messages: toDraftMessages(starter), note: '', samples: {}, name: '' };
}

/** A prompt that does not exist yet: its first save creates it, as version 1 of what was written. */
export function NewPromptComposer({ drafts, onCreated, onCancel }: { drafts: DraftStore; onCreated(id: string): void; onCancel(): void }) {
  const api = useApi();
  const [draft, setDraftState] = useState(() => drafts.get(newPromptKey) ?? emptyDraft());
  const name = draft.name ?? '';
  const { template, analysis, previewTemplate } = useTemplateAnalysis(draft.messages);
  const [status, setStatus] = useState<SaveStatus>();
  const [busy, setBusy] = useState(false);
  const handles = useRef(new Map<string, TemplateEditorHandle>()).current;
  const rootRef = useRef<HTMLDivElement>(null);
  const nameRef = useRef<HTMLInputElement>(null);

  const setDraft = (update: (current: PromptDraft) => PromptDraft) => {
    setDraftState((current) => {
      const next = update(current);
      drafts.set(newPromptKey, next, true);
      return next;
    });
    setStatus(undefined);
  };

  const create = async () => {
    if (busy) return;
    if (!name.trim()) {
      setStatus({ tone: 'danger', text: 'Give the prompt a name first.' });
      nameRef.current?.focus();
      return;
    }
    if (analysis.issues.length > 0) {
      setStatus({ tone: 'danger', text: 'Fix the problems in the template before saving.' });
      return;
    }
    setBusy(true);
    try {
      const created = await api.prompts.create({ name: name.trim(), template });
      drafts.set(newPromptKey, emptyDraft(), false);
      drafts.set(created.id, draftFromVersion(created.head, { ...draft.samples }), false);
      onCreated(created.id);
    } catch (reason) {
      setStatus({ tone: 'danger', text: `Not created: ${describeError(reason)}` });
      setBusy(false);
    }
  };
  useSaveShortcut(rootRef, () => void create());

  return (
    <div className="prompt-workspace" ref={rootRef} data-testid="new-prompt-composer">
      <div className="prompt-header">
        <div className="prompt-header-main">
          <input
            ref={nameRef}
            className="input prompt-title-input"
            autoFocus
            placeholder="Name this prompt, e.g. Support triage"
            aria-label="Prompt name"
            data-testid="new-prompt-name"
            maxLength={200}
            value={name}
            onChange={(event) => setDraft((current) => ({ ...current, name: event.target.value }))}
            onKeyDown={(event) => {
              if (event.key === 'Enter') handles.get(draft.messages[0]?.key ?? '')?.focus();
            }}
          />
          <div className="prompt-meta">
            <span>New prompt · saving it creates version 1</span>
          </div>
        </div>
        <div className="prompt-header-actions">
          <button type="button" className="btn btn-ghost btn-sm" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </div>
      <div className="workspace-body">
        <section className="editor-column" aria-label="Template">
          <div className="save-bar">
            <span className="save-state" data-dirty>
              <span className="draft-dot" aria-hidden="true" />
              Not saved yet
            </span>
            <span className="save-bar-spacer" />
            <button
              type="button"
              className="btn btn-primary"
              onClick={() => void create()}
              disabled={busy || analysis.issues.length > 0}
              data-testid="create-prompt"
            >
              <Icon name="plus" size={14} />
              {busy ? 'Creating…' : 'Create prompt'}
              <span className="btn-shortcut">{saveShortcutLabel}</span>
            </button>
          </div>
          <SaveStatusLine status={status} />
          <div className="editor-scroll">
            <IssueList issues={analysis.issues} onSelect={(issue) => handles.get(draft.messages[issue.messageIndex]?.key ?? '')?.focusAt(issue.line, issue.column)} />
            <MessageStack
              messages={draft.messages}
              issues={analysis.issues}
              handles={handles}
              onChange={(update) => setDraft((current) => ({ ...current, messages: update(current.messages) }))}
            />
          </div>
        </section>
        <aside className="side-panel" aria-label="Preview">
          <div className="side-tabs" role="tablist" aria-label="Side panel">
            <button type="button" role="tab" aria-selected="true" className="side-tab" data-testid="tab-preview">
              Preview
            </button>
          </div>
          <div className="side-scroll" role="tabpanel">
            <PreviewSide
              template={previewTemplate}
              variables={analysis.variables}
              samples={draft.samples}
              hasIssues={analysis.issues.length > 0}
              onSampleChange={(name, value) => setDraft((current) => ({ ...current, samples: { ...current.samples, [name]: value } }))}
            />
          </div>
        </aside>
      </div>
    </div>
  );
}
