import { useCallback, useEffect, useState } from 'react';
import { defaultJudgePrompt } from '../../../shared/contract/leaderboard.js';
import { useApi } from '../../transport/index.js';

export interface JudgePromptDraft {
  /** What the textarea shows: the edited prompt, or the default. */
  prompt: string;
  edited: boolean;
  setPrompt(prompt: string): void;
  reset(): void;
  maxTokens: string;
  setMaxTokens(text: string): void;
}

/**
 * The judge prompt being edited, shared by every task set on the screen (a person tunes one judge
 * prompt, then runs it on several sets). Starts from the backend's default.
 */
export function useJudgePrompt(): JudgePromptDraft {
  const api = useApi();
  const [fallback, setFallback] = useState(defaultJudgePrompt);
  const [draft, setDraft] = useState<string | null>(null);
  const [maxTokens, setMaxTokens] = useState('512');

  useEffect(() => {
    let live = true;
    // When the call fails the contract's own default stands in: the same text the backend would use.
    api.judges.defaultPrompt().then(
      ({ prompt }) => live && setFallback(prompt),
      () => {},
    );
    return () => {
      live = false;
    };
  }, [api]);

  const setPrompt = useCallback((prompt: string) => setDraft(prompt), []);
  const reset = useCallback(() => setDraft(null), []);
  return { prompt: draft ?? fallback, edited: draft !== null && draft !== fallback, setPrompt, reset, maxTokens, setMaxTokens };
}
