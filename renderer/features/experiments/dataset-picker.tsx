import { useId } from 'react';
import type { DatasetVersion } from '../../../shared/contract/datasets.js';
import { routeHref } from '../../app/router.js';
import { formatRelative } from '../../lib/format-date.js';
import { formatCount } from '../../ui/format.js';
import { useCatalog } from './catalog-context.js';
import { useDatasetDetail } from './use-dataset-detail.js';

/** A dataset and one of its versions; below, its variables against what the picked prompts need. */
export function DatasetPicker({
  datasetId,
  versionId,
  needed,
  onChange,
}: {
  datasetId: string;
  versionId: string;
  /** Variable → the prompt versions that need it. */
  needed: ReadonlyMap<string, string[]>;
  onChange(datasetId: string, versionId: string): void;
}) {
  const { datasets } = useCatalog();
  const { detail, error } = useDatasetDetail(datasetId);
  const datasetField = useId();
  const versionField = useId();
  const summary = datasets.datasets?.find((dataset) => dataset.id === datasetId);
  const version: DatasetVersion | undefined = detail?.versions.find((candidate) => candidate.id === versionId) ?? (summary?.latest.id === versionId ? summary.latest : undefined);

  return (
    <section className="ex-section" aria-labelledby="ex-dataset-title">
      <div className="ex-section-head">
        <h3 className="section-title" id="ex-dataset-title">
          Dataset
        </h3>
        {version && (
          <span className="ex-count">
            {formatCount(version.rowCount)} {version.rowCount === 1 ? 'row' : 'rows'}
          </span>
        )}
      </div>
      {datasets.error && <p className="form-error">{datasets.error}</p>}
      {datasets.datasets?.length === 0 ? (
        <p className="ex-hint">
          No datasets yet. <a href={routeHref('datasets')}>Import rows on the Datasets screen</a>; this list follows when you come back.
        </p>
      ) : (
        <div className="ex-dataset-row">
          <div className="form-field">
            <label className="form-label" htmlFor={datasetField}>
              Dataset
            </label>
            <select
              id={datasetField}
              className="select"
              value={datasetId}
              onChange={(event) => {
                const next = datasets.datasets?.find((dataset) => dataset.id === event.target.value);
                onChange(next?.id ?? '', next?.latest.id ?? '');
              }}
              data-testid="dataset-select"
            >
              <option value="">Pick a dataset…</option>
              {datasets.datasets?.map((dataset) => (
                <option key={dataset.id} value={dataset.id}>
                  {dataset.name} · {formatCount(dataset.latest.rowCount)} rows
                </option>
              ))}
            </select>
          </div>
          <div className="form-field">
            <label className="form-label" htmlFor={versionField}>
              Version
            </label>
            <select
              id={versionField}
              className="select"
              value={versionId}
              disabled={!datasetId}
              onChange={(event) => onChange(datasetId, event.target.value)}
              data-testid="dataset-version-select"
            >
              {!detail && summary && <option value={summary.latest.id}>v{summary.latest.number} (newest)</option>}
              {[...(detail?.versions ?? [])]
                .sort((a, b) => b.number - a.number)
                .map((candidate, index) => (
                  <option key={candidate.id} value={candidate.id}>
                    v{candidate.number}
                    {index === 0 ? ' (newest)' : ''} · {formatCount(candidate.rowCount)} rows · {formatRelative(candidate.createdAt)}
                  </option>
                ))}
            </select>
          </div>
        </div>
      )}
      {error && <p className="form-error">{error}</p>}
      {version && <VariableCheck version={version} needed={needed} />}
    </section>
  );
}

/** The dataset's variables, and each variable a prompt needs with whether the dataset has it. */
function VariableCheck({ version, needed }: { version: DatasetVersion; needed: ReadonlyMap<string, string[]> }) {
  const has = new Set(version.variables);
  // Templates may read reference and context like any variable.
  if (version.hasReference) has.add('reference');
  if (version.hasContext) has.add('context');
  const wanted = [...needed.keys()].sort();
  return (
    <dl className="ex-variables" data-testid="variable-check">
      <dt>Each row has</dt>
      <dd>
        {version.variables.map((name) => (
          <code key={name} className="ex-var" data-used={needed.has(name) || undefined}>
            {name}
          </code>
        ))}
        {version.hasReference && <span className="ex-role">reference</span>}
        {version.hasContext && <span className="ex-role">context</span>}
        {version.variables.length === 0 && <span className="muted">no variables</span>}
      </dd>
      {wanted.length > 0 && (
        <>
          <dt>Prompts need</dt>
          <dd>
            {wanted.map((name) => {
              const ok = has.has(name);
              return (
                <code
                  key={name}
                  className="ex-var"
                  data-missing={!ok || undefined}
                  title={ok ? `Filled from the dataset` : `Missing: needed by ${needed.get(name)!.join(', ')}`}
                  data-testid="needed-variable"
                >
                  {ok ? '✓' : '✕'} {name}
                </code>
              );
            })}
          </dd>
        </>
      )}
    </dl>
  );
}
