import type { RubricCriterion } from '../../../shared/contract/labeling.js';

/** Each criterion with its Likert buttons; the focused one takes the number keys, ↑/↓ move. */
export function RubricCriteria({
  rubric,
  scores,
  focus,
  onScore,
  onFocus,
}: {
  rubric: readonly RubricCriterion[];
  scores: (number | null)[];
  focus: number;
  onScore(index: number, score: number): void;
  onFocus(index: number): void;
}) {
  const scored = scores.filter((score) => score !== null).length;
  return (
    <section className="lb-criteria" aria-label="Rubric" data-testid="rubric-criteria">
      <header className="lb-criteria-head">
        <h3 className="section-title">Rubric</h3>
        <span className="lb-count" data-testid="rubric-scored">
          {scored} of {rubric.length} scored
        </span>
      </header>
      <ol className="lb-criteria-list">
        {rubric.map((criterion, index) => {
          const values = Array.from({ length: criterion.max - criterion.min + 1 }, (_, at) => criterion.min + at);
          return (
            <li
              key={criterion.name}
              className="lb-criterion"
              data-focused={index === focus || undefined}
              data-scored={scores[index] !== null || undefined}
              onClick={() => onFocus(index)}
              data-testid="criterion"
              data-name={criterion.name}
            >
              <div className="lb-criterion-text">
                <span className="lb-criterion-name">{criterion.name}</span>
                {criterion.description && <span className="lb-criterion-description">{criterion.description}</span>}
              </div>
              <div className="lb-likert" role="radiogroup" aria-label={criterion.name}>
                {values.map((value) => (
                  <button
                    key={value}
                    type="button"
                    role="radio"
                    aria-checked={scores[index] === value}
                    className="lb-likert-option"
                    onClick={(event) => {
                      event.stopPropagation();
                      onScore(index, value);
                    }}
                    title={value === criterion.min ? 'Lowest' : value === criterion.max ? 'Highest' : undefined}
                    data-testid="likert-option"
                  >
                    {value}
                  </button>
                ))}
              </div>
              <div className="lb-likert-ends" aria-hidden="true">
                <span>{criterion.min} poor</span>
                <span>{criterion.max} excellent</span>
              </div>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
