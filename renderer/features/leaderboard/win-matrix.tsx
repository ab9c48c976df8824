import type { CSSProperties } from 'react';
import type { Leaderboard } from '../../../shared/contract/leaderboard.js';
import { formatPercent } from './stat-words.js';

/**
 * Who beats whom: the row variant's win rate against the column variant, green above 50%, red
 * below, stronger the further from even. Columns are numbered as the rows to stay narrow.
 */
export function WinMatrix({ board }: { board: Leaderboard }) {
  const { entries, matrix } = board;
  return (
    <div className="lb-matrix-wrap">
      <table className="lb-matrix" data-testid="win-matrix">
        <thead>
          <tr>
            <th className="lb-matrix-corner">
              <span>row beats column</span>
            </th>
            {entries.map((entry, column) => (
              <th key={entry.variant.key} className="lb-matrix-col" title={entry.variant.label} scope="col">
                {column + 1}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {entries.map((rowEntry, row) => (
            <tr key={rowEntry.variant.key} data-testid="matrix-row" data-variant={rowEntry.variant.label}>
              <th scope="row" className="lb-matrix-row" title={rowEntry.variant.label}>
                <span className="lb-matrix-index">{row + 1}</span>
                <span className="lb-matrix-label">{rowEntry.variant.label}</span>
              </th>
              {entries.map((columnEntry, column) => {
                if (row === column) return <td key={columnEntry.variant.key} className="lb-matrix-cell lb-matrix-self" aria-label="itself" />;
                const rate = matrix.winRate[row]?.[column] ?? null;
                const games = matrix.games[row]?.[column] ?? 0;
                const title =
                  rate === null
                    ? `${rowEntry.variant.label} and ${columnEntry.variant.label} were never compared`
                    : `${rowEntry.variant.label} won ${formatPercent(rate)} of ${games} comparisons with ${columnEntry.variant.label} (ties count half)`;
                return (
                  <td key={columnEntry.variant.key} className="lb-matrix-cell" style={cellStyle(rate)} title={title} data-testid="matrix-cell" data-rate={rate ?? ''}>
                    {rate === null ? (
                      <span className="lb-matrix-none">·</span>
                    ) : (
                      <>
                        <span className="lb-matrix-rate">{formatPercent(rate)}</span>
                        <span className="lb-matrix-games">{games}</span>
                      </>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="lb-note">Cells: how often the row variant won against the column variant (ties count half); small print: comparisons.</p>
    </div>
  );
}

/** Green for winning, red for losing, mixed into the surface so both themes keep their contrast. */
function cellStyle(rate: number | null): CSSProperties | undefined {
  if (rate === null) return undefined;
  const strength = Math.round(Math.min(1, Math.abs(rate - 0.5) * 2) * 55);
  const colour = rate >= 0.5 ? 'var(--success)' : 'var(--danger)';
  return { background: `color-mix(in srgb, ${colour} ${strength}%, var(--surface))` };
}
