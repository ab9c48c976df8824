import type { ScoreFilter } from './use-score-filter.js';

/** The toolbar's score filter: all rows, rows failing some scorer (or one), rows where all pass. */
export function ScoreFilterSelect({ scorers, value, onChange, shown }: { scorers: readonly string[]; value: ScoreFilter; onChange(value: ScoreFilter): void; shown: number | null }) {
  if (scorers.length === 0) return null;
  return (
    <label className="score-filter" title="Show only the rows whose scores match">
      <span className="muted">Rows</span>
      <select className="select select-sm" value={value} onChange={(event) => onChange(event.target.value)} data-testid="score-filter">
        <option value="">All</option>
        <option value="fail">Failing any scorer</option>
        <option value="pass">Passing every scorer</option>
        {scorers.map((name) => (
          <option key={name} value={`fail:${name}`}>
            Failing {name}
          </option>
        ))}
      </select>
      {value && shown !== null && <span className="muted" data-testid="score-filter-count">{shown.toLocaleString()} rows</span>}
    </label>
  );
}
