import type { CSSProperties } from 'react';
import type { RubricCriterion, Variant } from '../../../shared/contract/labeling.js';
import type { Leaderboard } from '../../../shared/contract/leaderboard.js';

/** Mean score per variant and criterion, shaded by where it sits on the criterion's scale. */
export function RubricMeans({ rubric, variants, criteria }: { rubric: Leaderboard['rubric']; variants: readonly Variant[]; criteria: readonly RubricCriterion[] }) {
  const cells = new Map(rubric.map((cell) => [`${cell.variantKey}|${cell.criterion}`, cell]));
  // Criteria in the order the task set defines them; any the backend knows beyond those after.
  const names = [...criteria.map((criterion) => criterion.name), ...new Set(rubric.map((cell) => cell.criterion))].filter((name, index, all) => all.indexOf(name) === index);
  const scaleOf = (name: string) => criteria.find((criterion) => criterion.name === name) ?? { min: 1, max: 5 };
  const keys = new Set(rubric.map((cell) => cell.variantKey));
  const rows = variants.filter((variant) => keys.has(variant.key));
  return (
    <section className="lb-card lb-card-wide" data-testid="rubric-means" aria-labelledby="lb-rubric-title">
      <header className="lb-card-head">
        <h3 id="lb-rubric-title">Rubric means</h3>
        <span className="lb-card-meta">mean score per criterion; small print: scores</span>
      </header>
      <table className="lb-table lb-rubric">
        <thead>
          <tr>
            <th>Variant</th>
            {names.map((name) => (
              <th key={name} className="lb-num">
                {name}
                <span className="lb-scale">
                  {scaleOf(name).min}–{scaleOf(name).max}
                </span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((variant) => (
            <tr key={variant.key} data-testid="rubric-row" data-variant={variant.label}>
              <td className="lb-variant-label">{variant.label}</td>
              {names.map((name) => {
                const cell = cells.get(`${variant.key}|${name}`);
                const { min, max } = scaleOf(name);
                return (
                  <td key={name} className="lb-num lb-rubric-cell" style={shade(cell?.mean ?? null, min, max)}>
                    {cell?.mean === null || cell === undefined ? '—' : cell.mean.toFixed(2)}
                    {cell && <span className="lb-matrix-games">{cell.count}</span>}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function shade(mean: number | null, min: number, max: number): CSSProperties | undefined {
  if (mean === null || max <= min) return undefined;
  const share = Math.min(1, Math.max(0, (mean - min) / (max - min)));
  return { background: `color-mix(in srgb, var(--accent) ${Math.round(share * 40)}%, var(--surface))` };
}
