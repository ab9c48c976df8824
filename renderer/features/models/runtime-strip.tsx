import type { ReactNode } from 'react';
import type { RuntimeInfo } from '../../../shared/contract/models.js';
import { formatBytes } from '../../ui/format.js';

const backendLabels: Record<RuntimeInfo['backend'], string> = { cuda: 'CUDA', vulkan: 'Vulkan', metal: 'Metal', cpu: 'CPU', unknown: 'Unknown' };

/** What local inference runs on, and what it holds, in one line. */
export function RuntimeStrip({ runtime, error }: { runtime: RuntimeInfo | undefined; error: string | undefined }) {
  if (!runtime) {
    return (
      <div className="runtime-strip" data-testid="runtime-strip" aria-busy={!error}>
        {error ? <span className="runtime-error">Runtime unknown: {error}</span> : <span className="muted">Reading the runtime…</span>}
      </div>
    );
  }
  const loaded = runtime.loaded.map((model) => model.name);
  return (
    <div className="runtime-strip" data-testid="runtime-strip" aria-label="Local runtime">
      <Cell label="Backend">
        <span className="runtime-backend" data-backend={runtime.backend} data-testid="runtime-backend">
          {backendLabels[runtime.backend]}
        </span>
      </Cell>
      <Cell label="GPU">
        {runtime.gpuName || runtime.gpuTotalBytes !== null ? (
          <span title={runtime.gpuName ?? undefined}>
            <span className="runtime-gpu-name">{runtime.gpuName ?? 'GPU'}</span>
            {runtime.gpuTotalBytes !== null && (
              <span className="runtime-num">
                {' '}
                {formatBytes(runtime.gpuFreeBytes)} free / {formatBytes(runtime.gpuTotalBytes)}
              </span>
            )}
          </span>
        ) : (
          <span className="muted">none</span>
        )}
      </Cell>
      <Cell label="RAM">
        <span className="runtime-num">
          {formatBytes(runtime.ramFreeBytes)} free / {formatBytes(runtime.ramTotalBytes)}
        </span>
      </Cell>
      <Cell label="Cores">
        <span className="runtime-num" title="Physical cores: the default thread count for local models">
          {runtime.physicalCores}
        </span>
      </Cell>
      <Cell label="Loaded">
        <span className="runtime-loaded" title={loaded.join(', ')} data-testid="runtime-loaded">
          {loaded.length === 0 ? <span className="muted">nothing{runtime.workerRunning ? '' : ' · worker idle'}</span> : loaded.join(', ')}
        </span>
      </Cell>
    </div>
  );
}

function Cell({ label, children }: { label: string; children: ReactNode }) {
  return (
    <span className="runtime-cell">
      <span className="runtime-label">{label}</span>
      {children}
    </span>
  );
}
