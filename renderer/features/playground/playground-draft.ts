import { useEffect, useState } from 'react';

/** What the user typed in the playground; kept in localStorage so a reload or restart keeps it. */
export interface PlaygroundDraft {
  modelIds: string[];
  system: string;
  user: string;
  temperature: string;
  topP: string;
  topK: string;
  maxTokens: string;
  seed: string;
  stop: string[];
}

export const maxPlaygroundModels = 4;

const storageKey = 'arbiter.playground.v1';

export const emptyDraft: PlaygroundDraft = {
  modelIds: [],
  system: 'You are a helpful assistant. Answer briefly.',
  user: '',
  temperature: '0.7',
  topP: '',
  topK: '',
  maxTokens: '256',
  seed: '',
  stop: [],
};

function readDraft(): PlaygroundDraft {
  try {
    const stored = JSON.parse(localStorage.getItem(storageKey) ?? 'null') as Partial<PlaygroundDraft> | null;
    if (!stored || typeof stored !== 'object') return emptyDraft;
    const merged = { ...emptyDraft, ...stored };
    return {
      ...merged,
      modelIds: Array.isArray(merged.modelIds) ? merged.modelIds.filter((id) => typeof id === 'string').slice(0, maxPlaygroundModels) : [],
      stop: Array.isArray(merged.stop) ? merged.stop.filter((stop) => typeof stop === 'string') : [],
    };
  } catch {
    return emptyDraft;
  }
}

export function usePlaygroundDraft(): [PlaygroundDraft, (update: (current: PlaygroundDraft) => PlaygroundDraft) => void] {
  const [draft, setDraft] = useState(readDraft);
  useEffect(() => {
    const timer = setTimeout(() => localStorage.setItem(storageKey, JSON.stringify(draft)), 300);
    return () => clearTimeout(timer);
  }, [draft]);
  return [draft, setDraft];
}
