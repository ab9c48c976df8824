import { Notice } from '../../ui/notice.js';
import type { DraftStore } from './draft-store.js';
import { PromptEditor } from './prompt-editor.js';
import { usePromptDetail } from './use-prompt-detail.js';

export function PromptWorkspace({ promptId, drafts, onOpen }: { promptId: string; drafts: DraftStore; onOpen(id: string): void }) {
  const state = usePromptDetail(promptId);
  if (!state.detail) {
    return (
      <div className="prompt-workspace prompt-workspace-empty" aria-busy={!state.error}>
        {state.error && (
          <Notice tone="danger">
            <strong>This prompt could not be opened.</strong> {state.error}
          </Notice>
        )}
      </div>
    );
  }
  return <PromptEditor detail={state.detail} detailState={state} drafts={drafts} onOpen={onOpen} />;
}
