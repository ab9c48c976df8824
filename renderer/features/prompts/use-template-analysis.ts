import { useDeferredValue, useMemo } from 'react';
import { analyzeChatTemplate } from '../../../shared/template/index.js';
import { toTemplate, type DraftMessage } from './template-draft.js';

/** The draft as a template, checked on every keystroke; the preview may lag behind typing. */
export function useTemplateAnalysis(messages: readonly DraftMessage[]) {
  const template = useMemo(() => toTemplate(messages), [messages]);
  const analysis = useMemo(() => analyzeChatTemplate(template), [template]);
  const previewTemplate = useDeferredValue(template);
  return { template, analysis, previewTemplate };
}
