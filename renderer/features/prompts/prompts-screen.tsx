import { useState } from 'react';
import { useNavigate, useRoute } from '../../app/router.js';
import { NewPromptComposer } from './new-prompt-composer.js';
import { newPromptKey } from './new-prompt-key.js';
import { PromptList } from './prompt-list.js';
import { PromptWorkspace } from './prompt-workspace.js';
import { DraftStore } from './draft-store.js';
import './prompts.css';

export function PromptsScreen() {
  const route = useRoute();
  const navigate = useNavigate();
  const selectedId = route.screen === 'prompts' ? route.params[0] : undefined;
  const [drafts] = useState(() => new DraftStore());

  return (
    <div className="prompts-screen">
      <PromptList selectedId={selectedId} onNew={() => navigate('prompts', newPromptKey)} drafts={drafts} />
      {selectedId === newPromptKey ? (
        <NewPromptComposer drafts={drafts} onCreated={(id) => navigate('prompts', id)} onCancel={() => navigate('prompts')} />
      ) : selectedId ? (
        <PromptWorkspace key={selectedId} promptId={selectedId} drafts={drafts} onOpen={(id) => navigate('prompts', id)} />
      ) : (
        <div className="prompts-empty empty-state" data-testid="prompts-empty">
          <h2>Pick a prompt, or create one</h2>
          <p>
            A prompt is a chat template: system, user and assistant messages with {'{{ variables }}'} in Jinja syntax. Every save
            becomes an immutable, numbered version you can label, compare and restore.
          </p>
        </div>
      )}
    </div>
  );
}
