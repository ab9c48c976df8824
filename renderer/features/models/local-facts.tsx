import type { LocalModel } from '../../../shared/contract/models.js';
import { formatBytes, formatParameterCount } from '../../ui/format.js';

/** What the file's GGUF header says, read without loading the model. */
export function LocalFacts({ model }: { model: LocalModel }) {
  const header = model.header;
  return (
    <section className="detail-section" aria-label="File" data-testid="gguf-facts">
      <div className="detail-section-head">
        <h3 className="section-title">GGUF header</h3>
        <span className="detail-section-note">Read from the file, before loading</span>
      </div>
      {header ? (
        <dl className="fact-grid">
          <Fact label="Architecture" value={header.architecture} />
          <Fact label="Parameters" value={formatParameterCount(header.parameterCount)} title={header.parameterCount?.toLocaleString()} />
          <Fact label="Quantization" value={header.quantization ?? 'unknown'} />
          <Fact label="File size" value={formatBytes(header.fileSizeBytes)} title={`${header.fileSizeBytes.toLocaleString()} bytes`} />
          <Fact label="Trained context" value={header.trainedContextLength === null ? 'unknown' : `${header.trainedContextLength.toLocaleString()} tokens`} />
          <Fact label="Layers" value={header.layerCount === null ? 'unknown' : String(header.layerCount)} />
          <Fact label="Chat template" value={header.hasChatTemplate ? 'In the file' : 'None'} tone={header.hasChatTemplate ? undefined : 'muted'} />
          <Fact label="Name in file" value={header.modelName ?? '—'} tone={header.modelName ? undefined : 'muted'} />
        </dl>
      ) : (
        <p className="detail-empty">The header could not be read; loading will report why.</p>
      )}
    </section>
  );
}

function Fact({ label, value, title, tone }: { label: string; value: string; title?: string | undefined; tone?: 'muted' | undefined }) {
  return (
    <div className="fact" data-testid="fact" data-label={label}>
      <dt>{label}</dt>
      <dd className={tone === 'muted' ? 'muted' : undefined} title={title}>
        {value}
      </dd>
    </div>
  );
}
