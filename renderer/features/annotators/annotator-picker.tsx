import { useEffect, useRef, useState } from 'react';
import { Icon } from '../../ui/icon.js';
import { NewAnnotatorForm } from './new-annotator-form.js';
import { PersonIcon } from './person-icon.js';
import { useAnnotators } from './use-annotators.js';
import { useCurrentAnnotator } from './use-current-annotator.js';
import './annotators.css';

/** Who is labeling, always in the header: pick a profile or make one. */
export function AnnotatorPicker() {
  const list = useAnnotators();
  const current = useCurrentAnnotator(list);
  const [open, setOpen] = useState(false);
  const [adding, setAdding] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) close();
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open]);

  // The picker opens with "New annotator…" already typed into when nobody exists yet.
  const openMenu = () => {
    list.reload();
    setOpen(true);
    setAdding(list.humans.length === 0);
  };
  const close = (refocus = false) => {
    setOpen(false);
    setAdding(false);
    if (refocus) buttonRef.current?.focus();
  };

  const name = current.annotator?.name;
  return (
    <div
      className="annotator-picker"
      ref={rootRef}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open) {
          event.stopPropagation();
          close(true);
        }
      }}
    >
      <button
        ref={buttonRef}
        type="button"
        className="annotator-button"
        data-empty={name ? undefined : true}
        aria-haspopup="menu"
        aria-expanded={open}
        title={name ? `Labeling as ${name}. Judgments are saved under this name.` : 'Pick who is labeling on this machine'}
        onClick={() => (open ? close() : openMenu())}
        data-testid="annotator-picker"
      >
        <PersonIcon size={14} />
        <span className="annotator-button-text" data-testid="current-annotator">
          {name ?? (current.loading ? '…' : 'Who is labeling?')}
        </span>
        <svg width="10" height="10" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={2} aria-hidden="true">
          <path d="M6 9l6 6 6-6" />
        </svg>
      </button>
      {open && (
        <div className="annotator-menu" role="menu" aria-label="Annotators" data-testid="annotator-menu">
          <p className="annotator-menu-title">Labeling as</p>
          {list.error && <p className="form-error annotator-menu-error">{list.error}</p>}
          {list.humans.length > 0 && (
            <ul>
              {list.humans.map((annotator) => (
                <li key={annotator.id}>
                  <button
                    type="button"
                    role="menuitemradio"
                    aria-checked={annotator.id === current.annotator?.id}
                    className="annotator-option"
                    onClick={() => {
                      current.choose(annotator.id);
                      close(true);
                    }}
                    data-testid="annotator-option"
                    data-name={annotator.name}
                  >
                    <span className="annotator-check">{annotator.id === current.annotator?.id && <Icon name="check" size={13} />}</span>
                    <span className="annotator-option-name">{annotator.name}</span>
                    <span className="annotator-option-count" title={`${annotator.judgments.toLocaleString()} judgments`}>
                      {annotator.judgments.toLocaleString()}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          )}
          {adding ? (
            <NewAnnotatorForm
              create={list.create}
              onCreated={(id) => {
                current.choose(id);
                close(true);
              }}
              onCancel={() => setAdding(false)}
            />
          ) : (
            <button type="button" role="menuitem" className="annotator-option annotator-new" onClick={() => setAdding(true)} data-testid="new-annotator">
              <span className="annotator-check">
                <Icon name="plus" size={13} />
              </span>
              New annotator…
            </button>
          )}
        </div>
      )}
    </div>
  );
}
