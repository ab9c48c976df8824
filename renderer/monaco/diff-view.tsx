import { useEffect, useRef } from 'react';
import { usePreferences } from '../app/preferences-context.js';
import { baseEditorOptions } from './editor-options.js';
import { monaco } from './monaco-setup.js';
import { createTemplateModel } from './template-model.js';
import { useMonacoTheme } from './use-monaco-theme.js';

/** Monaco's side-by-side diff of two texts, read-only; fills its container. */
export function DiffView({ original, modified }: { original: string; modified: string }) {
  const containerRef = useRef<HTMLDivElement>(null);
  const theme = useMonacoTheme();
  const { preferences } = usePreferences();

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const originalModel = createTemplateModel(original, 'chat');
    const modifiedModel = createTemplateModel(modified, 'chat');
    const editor = monaco.editor.createDiffEditor(container, {
      ...baseEditorOptions(preferences.editor),
      theme,
      readOnly: true,
      originalEditable: false,
      renderSideBySide: true,
      useInlineViewWhenSpaceIsLimited: false,
      automaticLayout: true,
      renderOverviewRuler: false,
      ignoreTrimWhitespace: false,
      diffWordWrap: 'inherit',
      lineNumbersMinChars: 3,
      padding: { top: 8, bottom: 8 },
    });
    editor.setModel({ original: originalModel, modified: modifiedModel });
    return () => {
      editor.dispose();
      originalModel.dispose();
      modifiedModel.dispose();
    };
    // Recreated when the texts change; options follow preferences on the next mount.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [original, modified]);

  return <div ref={containerRef} className="diff-view" data-testid="diff-editor" />;
}
