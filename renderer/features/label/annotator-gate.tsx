import { NewAnnotatorForm } from '../annotators/new-annotator-form.js';
import { PersonIcon } from '../annotators/person-icon.js';
import type { AnnotatorsState } from '../annotators/use-annotators.js';
import type { CurrentAnnotator } from '../annotators/use-current-annotator.js';

/** Before labeling: who is it? Judgments are saved under this name (also switchable in the header). */
export function AnnotatorGate({ list, current }: { list: AnnotatorsState; current: CurrentAnnotator }) {
  return (
    <div className="lb-gate" data-testid="annotator-gate">
      <div className="lb-gate-card">
        <span className="lb-gate-icon">
          <PersonIcon size={18} />
        </span>
        <h2>Who is labeling?</h2>
        <p>Every judgment is saved under an annotator’s name, so agreement between people can be measured. Pick yourself or add a profile; the header shows who is labeling and switches it.</p>
        {list.humans.length > 0 && (
          <ul className="lb-gate-list">
            {list.humans.map((annotator) => (
              <li key={annotator.id}>
                <button type="button" className="btn" onClick={() => current.choose(annotator.id)} data-testid="gate-annotator" data-name={annotator.name}>
                  <PersonIcon size={13} />
                  {annotator.name}
                  <span className="muted">{annotator.judgments.toLocaleString()}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
        <NewAnnotatorForm create={list.create} onCreated={(id) => current.choose(id)} autoFocus={list.humans.length === 0} />
        {list.error && <p className="form-error">{list.error}</p>}
      </div>
    </div>
  );
}
