import { useRef, useState, type ReactNode } from 'react';
import type { PromptDetail } from '../../../shared/contract/prompts.js';
import type { ChatTemplateIssue } from '../../../shared/template/index.js';
import { describeError } from '../../lib/describe-error.js';
import type { TemplateEditorHandle } from '../../monaco/index.js';
import { useApi } from '../../transport/index.js';
import { Notice } from '../../ui/notice.js';
import type { DraftStore } from './draft-store.js';
import { IssueList } from './issue-list.js';
import { MessageStack } from './message-stack.js';
import { PreviewSide } from './preview-side.js';
import { PromptHeader } from './prompt-header.js';
import { SaveBar, type SaveStatus } from './save-bar.js';
import type { PromptDetailState } from './use-prompt-detail.js';
import { usePromptDraft } from './use-prompt-draft.js';
import { useSaveShortcut } from './use-save-shortcut.js';
import { useTemplateAnalysis } from './use-template-analysis.js';
import { useVersionLoader } from './use-version-loader.js';
import { VersionDiff } from './version-diff.js';
import { VersionView } from './version-view.js';
import { VersionsPanel, type VersionActions } from './versions-panel.js';

type Mode = { kind: 'edit' } | { kind: 'version'; number: number } | { kind: 'diff'; from: number; to: number };
type SideTab = 'preview' | 'history';

export function PromptEditor({
  detail,
  detailState,
  drafts,
  onOpen,
}: {
  detail: PromptDetail;
  detailState: PromptDetailState;
  drafts: DraftStore;
  onOpen(id: string): void;
}) {
  const api = useApi();
  const { draft, setDraft, dirty, overtakenBy, discard } = usePromptDraft(detail, drafts);
  const { template, analysis, previewTemplate } = useTemplateAnalysis(draft.messages);
  const [mode, setMode] = useState<Mode>({ kind: 'edit' });
  const [sideTab, setSideTab] = useState<SideTab>('preview');
  const [selected, setSelected] = useState<number[]>([]);
  const [status, setStatus] = useState<SaveStatus>();
  const [saving, setSaving] = useState(false);
  const [actionError, setActionError] = useState<string>();
  const handles = useRef(new Map<string, TemplateEditorHandle>()).current;
  const rootRef = useRef<HTMLDivElement>(null);
  const loadVersion = useVersionLoader(detail.id);

  const fail = (reason: unknown) => setActionError(describeError(reason));

  const save = async () => {
    if (saving) return;
    if (analysis.issues.length > 0) {
      setStatus({ tone: 'danger', text: 'Fix the problems in the template before saving.' });
      return;
    }
    setSaving(true);
    setStatus(undefined);
    try {
      const result = await api.prompts.saveVersion({ promptId: detail.id, template, note: draft.note.trim() });
      await detailState.reload();
      if (result.created) {
        setDraft((current) => ({ ...current, note: '' }));
        setStatus({ tone: 'success', text: `Saved as version ${result.version.number}.` });
      } else {
        setStatus({ tone: 'neutral', text: `Nothing changed: this is the same as version ${result.version.number}, so no new version was made.` });
      }
    } catch (reason) {
      // The draft stays exactly as typed; only the failure is reported.
      setStatus({ tone: 'danger', text: `Not saved: ${describeError(reason)}` });
    } finally {
      setSaving(false);
    }
  };
  useSaveShortcut(rootRef, () => void save());

  const restore = async (number: number) => {
    try {
      const result = await api.prompts.restoreVersion({ promptId: detail.id, number });
      await detailState.reload();
      setMode({ kind: 'edit' });
      setSelected([]);
      setStatus(
        result.created
          ? { tone: 'success', text: `Restored version ${number} as version ${result.version.number}.` }
          : { tone: 'neutral', text: `Version ${number} has the same content as the latest version; nothing to restore.` },
      );
    } catch (reason) {
      fail(reason);
    }
  };

  const versionActions: VersionActions = {
    view: (number) => setMode({ kind: 'version', number }),
    restore,
    setLabel: async (number, label) => {
      detailState.accept(await api.prompts.setLabel({ promptId: detail.id, number, label }));
    },
    removeLabel: async (label) => {
      try {
        detailState.accept(await api.prompts.removeLabel({ promptId: detail.id, label }));
      } catch (reason) {
        fail(reason);
        throw reason;
      }
    },
  };

  const focusIssue = (issue: ChatTemplateIssue) => {
    const message = draft.messages[issue.messageIndex];
    if (message) handles.get(message.key)?.focusAt(issue.line, issue.column);
  };

  return (
    <div className="prompt-workspace" ref={rootRef} data-testid="prompt-workspace" data-prompt-id={detail.id}>
      <PromptHeader
        detail={detail}
        onRename={async (name) => detailState.accept(await api.prompts.rename({ id: detail.id, name }))}
        onDuplicate={() => api.prompts.duplicate({ id: detail.id }).then((copy) => onOpen(copy.id), fail)}
        onArchive={(archived) => api.prompts.setArchived({ id: detail.id, archived }).then(detailState.accept, fail)}
      />
      {(detail.archived || actionError || detailState.error || overtakenBy !== undefined) && (
        <div className="workspace-notices">
          {detail.archived && <Notice>This prompt is archived: it is hidden from the list and from new experiments, and all its versions are kept.</Notice>}
          {overtakenBy !== undefined && (
            <Notice tone="warning">
              Version {overtakenBy} was saved while you had unsaved edits here. Your edits are kept: saving makes them version {overtakenBy + 1}; Discard
              loads version {overtakenBy}.
            </Notice>
          )}
          {detailState.error && <Notice tone="warning">Could not refresh this prompt: {detailState.error}</Notice>}
          {actionError && (
            <Notice tone="danger" onDismiss={() => setActionError(undefined)}>
              {actionError}
            </Notice>
          )}
        </div>
      )}
      {/* A diff needs the width: the side panel steps aside until the diff is closed. */}
      <div className="workspace-body" data-wide={mode.kind === 'diff' || undefined}>
        <section className="editor-column" aria-label="Template">
          {mode.kind === 'edit' && (
            <>
              <SaveBar
                headNumber={detail.latestVersion}
                dirty={dirty}
                issueCount={analysis.issues.length}
                saving={saving}
                note={draft.note}
                onNoteChange={(note) => setDraft((current) => ({ ...current, note }))}
                onSave={() => void save()}
                onDiscard={() => {
                  discard();
                  setStatus(undefined);
                }}
                status={status}
              />
              <div className="editor-scroll">
                <IssueList issues={analysis.issues} onSelect={focusIssue} />
                <MessageStack
                  messages={draft.messages}
                  issues={analysis.issues}
                  handles={handles}
                  onChange={(update) => {
                    setDraft((current) => ({ ...current, messages: update(current.messages) }));
                    setStatus(undefined);
                  }}
                />
              </div>
            </>
          )}
          {mode.kind === 'version' && (
            <VersionView
              number={mode.number}
              latestNumber={detail.latestVersion}
              load={loadVersion}
              onBack={() => setMode({ kind: 'edit' })}
              onRestore={(number) => void restore(number)}
              onCompareWithLatest={(number) => setMode({ kind: 'diff', from: number, to: detail.latestVersion })}
            />
          )}
          {mode.kind === 'diff' && (
            <VersionDiff
              from={mode.from}
              to={mode.to}
              summaries={detail.versions}
              load={loadVersion}
              onBack={() => setMode({ kind: 'edit' })}
              onChange={(from, to) => setMode({ kind: 'diff', from, to })}
            />
          )}
        </section>
        <aside className="side-panel" aria-label="Preview and history" hidden={mode.kind === 'diff'}>
          <div className="side-tabs" role="tablist" aria-label="Side panel">
            <SideTabButton tab="preview" current={sideTab} onSelect={setSideTab}>
              Preview
            </SideTabButton>
            <SideTabButton tab="history" current={sideTab} onSelect={setSideTab}>
              History <span className="tab-count">{detail.versionCount}</span>
            </SideTabButton>
          </div>
          <div className="side-scroll" role="tabpanel">
            {sideTab === 'preview' ? (
              <PreviewSide
                template={previewTemplate}
                variables={analysis.variables}
                samples={draft.samples}
                hasIssues={analysis.issues.length > 0}
                onSampleChange={(name, value) => setDraft((current) => ({ ...current, samples: { ...current.samples, [name]: value } }))}
              />
            ) : (
              <VersionsPanel
                detail={detail}
                selected={selected}
                onSelectedChange={setSelected}
                onCompare={(from, to) => setMode({ kind: 'diff', from, to })}
                viewing={mode.kind === 'version' ? mode.number : undefined}
                actions={versionActions}
              />
            )}
          </div>
        </aside>
      </div>
    </div>
  );
}

function SideTabButton({ tab, current, onSelect, children }: { tab: SideTab; current: SideTab; onSelect(tab: SideTab): void; children: ReactNode }) {
  return (
    <button type="button" role="tab" aria-selected={tab === current} className="side-tab" onClick={() => onSelect(tab)} data-testid={`tab-${tab}`}>
      {children}
    </button>
  );
}
