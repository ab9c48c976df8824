import type { ExportResult } from '../../../shared/contract/export.js';
import { formatBytes, formatCount } from '../../ui/format.js';
import { Icon } from '../../ui/icon.js';

/** What Export wrote: the folder, each file with its rows and sha256, and where the rows came from. */
export function ExportResultCard({ result, onDismiss }: { result: ExportResult; onDismiss: () => void }) {
  const { manifest } = result;
  const lineage: [string, string[]][] = [
    ['Models', manifest.models.map((model) => model.name)],
    ['Prompt versions', manifest.promptVersions.map((version) => `${version.prompt} v${version.number}`)],
    ['Annotators', manifest.annotators.map((annotator) => `${annotator.name} (${formatCount(annotator.judgments)})`)],
  ];
  return (
    <section className="ex-result" data-testid="export-result" aria-label="Export written">
      <header className="ex-result-head">
        <Icon name="check" size={15} />
        <div className="ex-result-title">
          <strong>
            Exported {formatCount(manifest.counts.rows)} rows · {manifest.formatLabel}
          </strong>
          <span className="ex-path" data-testid="export-result-folder" title={result.folder}>
            {result.folder}
          </span>
        </div>
        <button type="button" className="icon-btn" onClick={onDismiss} aria-label="Dismiss">
          <Icon name="close" size={13} />
        </button>
      </header>
      <table className="ex-files">
        <tbody>
          {manifest.files.map((file) => (
            <tr key={file.path} data-testid="export-result-file" data-path={file.path}>
              <td className="ex-file-path">
                <Icon name="file" size={13} />
                {file.path}
              </td>
              <td className="ex-num">{file.rows === null ? '' : `${formatCount(file.rows)} rows`}</td>
              <td className="ex-num">{formatBytes(file.bytes)}</td>
              <td className="ex-sha" title={file.sha256}>
                sha256 {file.sha256.slice(0, 12)}…
              </td>
            </tr>
          ))}
          <tr>
            <td className="ex-file-path">
              <Icon name="file" size={13} />
              manifest.json
            </td>
            <td className="ex-num" />
            <td className="ex-num" />
            <td className="ex-sha">format, filters, counts, lineage, checksums</td>
          </tr>
        </tbody>
      </table>
      <dl className="ex-lineage">
        {lineage.map(([label, values]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{values.length > 0 ? values.join(', ') : '—'}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
