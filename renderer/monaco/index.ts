import { lazy } from 'react';

/** Monaco is large: it loads on first use, in its own chunk, not with the app shell. */
export const TemplateEditor = lazy(() => import('./template-editor.js').then((module) => ({ default: module.TemplateEditor })));
export const DiffView = lazy(() => import('./diff-view.js').then((module) => ({ default: module.DiffView })));
export type { EditorMarker, TemplateEditorHandle, TemplateEditorProps } from './template-editor.js';
