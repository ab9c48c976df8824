import { useEffect, useEffectEvent, useRef } from 'react';
import { usePreferences } from '../app/preferences-context.js';
import { baseEditorOptions } from './editor-options.js';
import { monaco } from './monaco-setup.js';
import { createTemplateModel } from './template-model.js';
import { useMonacoTheme } from './use-monaco-theme.js';

export interface EditorMarker {
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface TemplateEditorHandle {
  focus(): void;
  focusAt(line: number, column: number): void;
}

export interface TemplateEditorProps {
  /**
   * The starting text. The editor owns its text after that (a controlled editor drops keystrokes
   * while React catches up); give the component a new key to replace the text.
   */
  defaultValue: string;
  onChange?: (value: string) => void;
  readOnly?: boolean;
  markers?: readonly EditorMarker[];
  placeholder?: string;
  ariaLabel: string;
  onHandle?: (handle: TemplateEditorHandle | null) => void;
  /** The editor never gets shorter than this many lines. */
  minLines?: number;
}

const markerOwner = 'arbiter-template';

/** One Monaco editor for one template text; it grows with its content instead of scrolling. */
export function TemplateEditor({ defaultValue, onChange, readOnly = false, markers, placeholder, ariaLabel, onHandle, minLines = 2 }: TemplateEditorProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const editorRef = useRef<ReturnType<typeof monaco.editor.create>>(undefined);
  const theme = useMonacoTheme();
  const { preferences } = usePreferences();
  const emitChange = useEffectEvent((text: string) => onChange?.(text));
  const emitHandle = useEffectEvent((handle: TemplateEditorHandle | null) => onHandle?.(handle));

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const model = createTemplateModel(defaultValue);
    const editor = monaco.editor.create(container, {
      ...baseEditorOptions(preferences.editor),
      model,
      theme,
      readOnly,
      domReadOnly: readOnly,
      placeholder,
      ariaLabel,
      padding: { top: 8, bottom: 8 },
      scrollbar: { vertical: 'hidden', horizontal: 'auto', alwaysConsumeMouseWheel: false, useShadows: false },
    });
    editorRef.current = editor;
    const minHeight = () => minLines * editor.getOption(monaco.editor.EditorOption.lineHeight) + 16;

    let width = container.clientWidth;
    const fit = () => {
      const height = Math.max(minHeight(), editor.getContentHeight());
      container.style.height = `${height}px`;
      editor.layout({ width, height });
    };
    const resize = new ResizeObserver(() => {
      if (container.clientWidth === width) return;
      width = container.clientWidth;
      fit();
    });
    resize.observe(container);
    const sizeListener = editor.onDidContentSizeChange((event) => {
      if (event.contentHeightChanged) fit();
    });
    const contentListener = model.onDidChangeContent(() => emitChange(model.getValue()));
    fit();

    emitHandle({
      focus: () => editor.focus(),
      focusAt: (line, column) => {
        editor.setPosition({ lineNumber: line, column });
        editor.revealPositionInCenterIfOutsideViewport({ lineNumber: line, column });
        editor.focus();
      },
    });

    return () => {
      emitHandle(null);
      resize.disconnect();
      sizeListener.dispose();
      contentListener.dispose();
      editor.dispose();
      model.dispose();
      editorRef.current = undefined;
    };
    // The editor is created once; later prop changes are applied by the effects below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    editorRef.current?.updateOptions({ ...baseEditorOptions(preferences.editor), readOnly, domReadOnly: readOnly, placeholder, ariaLabel });
  }, [preferences.editor, readOnly, placeholder, ariaLabel]);

  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (!model) return;
    monaco.editor.setModelMarkers(
      model,
      markerOwner,
      (markers ?? []).map((marker) => ({
        severity: monaco.MarkerSeverity.Error,
        message: marker.message,
        startLineNumber: marker.line,
        startColumn: marker.column,
        endLineNumber: marker.endLine,
        endColumn: marker.endLine === marker.line && marker.endColumn <= marker.column ? marker.column + 1 : marker.endColumn,
      })),
    );
  }, [markers]);

  return <div ref={containerRef} className="template-editor" data-testid="template-editor" data-readonly={readOnly || undefined} />;
}
