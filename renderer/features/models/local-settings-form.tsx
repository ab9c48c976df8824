import { Suspense, useState } from 'react';
import type { LocalModel, ModelEntry, RuntimeInfo } from '../../../shared/contract/models.js';
import { describeError } from '../../lib/describe-error.js';
import { TemplateEditor } from '../../monaco/index.js';
import { useApi } from '../../transport/index.js';
import { formatBytes } from '../../ui/format.js';
import { Notice } from '../../ui/notice.js';
import { Field } from '../../ui/form-field.js';
import { checkSettings, fromSettingsDraft, toSettingsDraft, type SettingsDraft } from './local-settings-draft.js';
import { useDraft } from './use-draft.js';

const contextPresets = [2048, 4096, 8192, 16384, 32768, 65536, 131072];

export function LocalSettingsForm({ model, runtime, onSaved }: { model: LocalModel; runtime: RuntimeInfo | undefined; onSaved(entry: ModelEntry): void }) {
  const api = useApi();
  const { draft, setDraft, dirty, reset } = useDraft(toSettingsDraft(model.settings));
  const [editorKey, setEditorKey] = useState(0);
  const [saving, setSaving] = useState(false);
  const [status, setStatus] = useState<{ tone: 'danger' | 'neutral'; text: string }>();
  const [showErrors, setShowErrors] = useState(false);
  const errors = checkSettings(draft);
  const visibleErrors = showErrors ? errors : {};
  const set = <K extends keyof SettingsDraft>(key: K, value: SettingsDraft[K]) => {
    setDraft((current) => ({ ...current, [key]: value }));
    setStatus(undefined);
  };

  const trained = model.header?.trainedContextLength ?? null;
  const contextSize = Number(draft.contextSize);
  const layerCount = model.header?.layerCount ?? null;
  const loaded = model.status.state === 'loaded' || model.status.state === 'loading';

  const apply = async () => {
    setShowErrors(true);
    if (Object.keys(errors).length > 0) return;
    setSaving(true);
    try {
      const entry = await api.models.update({ id: model.id, settings: fromSettingsDraft(draft, model.settings) });
      onSaved(entry);
      setShowErrors(false);
      setStatus({ tone: 'neutral', text: loaded ? 'Saved. The model was unloaded; the new settings apply when it loads again.' : 'Saved. The new settings apply at the next load.' });
    } catch (reason) {
      setStatus({ tone: 'danger', text: `Not saved: ${describeError(reason)}` });
    } finally {
      setSaving(false);
    }
  };

  return (
    <section className="detail-section" aria-label="Load settings" data-testid="load-settings">
      <div className="detail-section-head">
        <h3 className="section-title">Load settings</h3>
        <span className="detail-section-note">{dirty ? 'Unsaved changes' : 'Apply at the next load'}</span>
        <span className="detail-section-spacer" />
        <button
          type="button"
          className="btn btn-ghost btn-sm"
          disabled={!dirty || saving}
          onClick={() => {
            reset();
            setEditorKey((key) => key + 1);
            setShowErrors(false);
            setStatus(undefined);
          }}
        >
          Reset
        </button>
        <button type="button" className="btn btn-primary btn-sm" disabled={!dirty || saving} onClick={() => void apply()} data-testid="apply-settings">
          {saving ? 'Saving…' : 'Apply'}
        </button>
      </div>
      {status && (
        <div className="detail-section-status">
          <Notice tone={status.tone} onDismiss={() => setStatus(undefined)}>
            {status.text}
          </Notice>
        </div>
      )}
      <div className="form-grid">
        <Field
          label="GPU offload"
          error={visibleErrors.gpuLayers}
          hint={
            runtime?.backend === 'cpu'
              ? 'No GPU backend was found: the model runs on the CPU.'
              : draft.gpuMode === 'auto'
                ? 'As many layers as fit in free GPU memory.'
                : draft.gpuMode === 'off'
                  ? 'Everything on the CPU.'
                  : layerCount !== null
                    ? `Of ${layerCount} layers.`
                    : undefined
          }
        >
          {(id) => (
            <div className="gpu-offload">
              <div className="segmented" role="group" aria-label="GPU offload">
                {(['auto', 'off', 'layers'] as const).map((mode) => (
                  <button
                    key={mode}
                    type="button"
                    aria-pressed={draft.gpuMode === mode}
                    onClick={() => set('gpuMode', mode)}
                  >
                    {mode === 'auto' ? 'Auto' : mode === 'off' ? 'Off' : 'Layers'}
                  </button>
                ))}
              </div>
              {draft.gpuMode === 'layers' && (
                <input
                  id={id}
                  className="input input-number"
                  inputMode="numeric"
                  value={draft.gpuLayers}
                  placeholder={layerCount !== null ? String(layerCount) : '0'}
                  aria-label="GPU layers"
                  onChange={(event) => set('gpuLayers', event.target.value)}
                />
              )}
            </div>
          )}
        </Field>
        <Field
          label="Context size"
          error={visibleErrors.contextSize}
          hint={
            trained !== null && contextSize > trained ? (
              `Capped at the ${trained.toLocaleString()} tokens it was trained on: past that, output degrades and memory is wasted.`
            ) : trained !== null ? (
              `Trained on ${trained.toLocaleString()} tokens.`
            ) : (
              'Tokens of prompt plus output.'
            )
          }
        >
          {(id) => (
            <>
              <input
                id={id}
                className="input input-number"
                inputMode="numeric"
                list={`${id}-presets`}
                value={draft.contextSize}
                onChange={(event) => set('contextSize', event.target.value)}
              />
              <datalist id={`${id}-presets`}>
                {[...new Set([...(trained ? [trained] : []), ...contextPresets])]
                  .sort((a, b) => a - b)
                  .map((size) => (
                    <option key={size} value={size} />
                  ))}
              </datalist>
            </>
          )}
        </Field>
        <Field
          label="Threads"
          error={visibleErrors.threads}
          hint={runtime ? `Default: ${runtime.physicalCores} (physical cores). More threads than cores slows llama.cpp down.` : 'Default: physical cores.'}
        >
          {(id) => (
            <input
              id={id}
              className="input input-number"
              inputMode="numeric"
              value={draft.threads}
              placeholder={runtime ? String(runtime.physicalCores) : 'auto'}
              onChange={(event) => set('threads', event.target.value)}
            />
          )}
        </Field>
        <Field label="Batch size" error={visibleErrors.batchSize} hint="Tokens per decode step while reading the prompt.">
          {(id) => (
            <input
              id={id}
              className="input input-number"
              inputMode="numeric"
              value={draft.batchSize}
              placeholder="auto"
              onChange={(event) => set('batchSize', event.target.value)}
            />
          )}
        </Field>
        <Field label="Flash attention" hint="Faster and leaner where the backend supports it; ignored elsewhere.">
          {(id) => (
            <label className="check-row" htmlFor={id}>
              <input id={id} type="checkbox" className="checkbox" checked={draft.flashAttention} onChange={(event) => set('flashAttention', event.target.checked)} />
              Use flash attention
            </label>
          )}
        </Field>
        <Field label="Estimated memory" hint={dirty ? 'For the saved settings; Apply to estimate these.' : 'Weights, context (KV cache) and compute buffers.'}>
          {() => (
            <span className="form-value" data-testid="memory-estimate">
              {model.estimatedMemoryBytes === null ? 'No estimate for this file' : `~${formatBytes(model.estimatedMemoryBytes)}`}
              {model.estimatedMemoryBytes !== null && runtime && <MemoryFit bytes={model.estimatedMemoryBytes} runtime={runtime} gpuMode={draft.gpuMode} />}
            </span>
          )}
        </Field>
        <Field
          label="Chat template"
          wide
          hint={
            draft.overrideTemplate
              ? 'Jinja, as in Hugging Face tokenizer configs: messages, add_generation_prompt, bos_token, eos_token. Leave empty to use the model’s own.'
              : model.header?.hasChatTemplate
                ? 'The model’s own template (from the GGUF file) is used.'
                : 'The file has no chat template: a plain “User: / Assistant:” format is used. Base models often need none.'
          }
        >
          {(id) => (
            <>
              <label className="check-row" htmlFor={id}>
                <input
                  id={id}
                  type="checkbox"
                  className="checkbox"
                  checked={draft.overrideTemplate}
                  onChange={(event) => set('overrideTemplate', event.target.checked)}
                  data-testid="override-template"
                />
                Override the model’s chat template
              </label>
              {draft.overrideTemplate && (
                <div className="template-box">
                  <Suspense fallback={<pre className="template-fallback">{draft.chatTemplate}</pre>}>
                    <TemplateEditor
                      key={editorKey}
                      defaultValue={draft.chatTemplate}
                      onChange={(text) => set('chatTemplate', text)}
                      ariaLabel="Chat template override"
                      placeholder="{% for message in messages %}<|im_start|>{{ message.role }}…"
                      minLines={5}
                    />
                  </Suspense>
                </div>
              )}
            </>
          )}
        </Field>
        <Field label="LoRA adapter" wide error={visibleErrors.loraPath ?? visibleErrors.loraScale} hint="A GGUF adapter applied on top of this model, to compare a fine-tune with its base.">
          {(id) => (
            <>
              <label className="check-row" htmlFor={id}>
                <input id={id} type="checkbox" className="checkbox" checked={draft.lora} onChange={(event) => set('lora', event.target.checked)} />
                Apply a LoRA adapter
              </label>
              {draft.lora && (
                <div className="lora-row">
                  <input
                    className="input mono"
                    value={draft.loraPath}
                    placeholder="/path/to/adapter.gguf"
                    aria-label="LoRA adapter path"
                    onChange={(event) => set('loraPath', event.target.value)}
                  />
                  <span className="lora-scale-label">Scale</span>
                  <input
                    className="input input-number"
                    inputMode="decimal"
                    value={draft.loraScale}
                    aria-label="LoRA scale"
                    onChange={(event) => set('loraScale', event.target.value)}
                  />
                </div>
              )}
            </>
          )}
        </Field>
      </div>
    </section>
  );
}

function MemoryFit({ bytes, runtime, gpuMode }: { bytes: number; runtime: RuntimeInfo; gpuMode: SettingsDraft['gpuMode'] }) {
  const onGpu = gpuMode !== 'off' && runtime.gpuFreeBytes !== null && runtime.backend !== 'cpu';
  const free = onGpu ? runtime.gpuFreeBytes! : runtime.ramFreeBytes;
  const where = onGpu ? 'free GPU memory' : 'free RAM';
  const fits = bytes <= free;
  return (
    <span className="memory-fit" data-fits={fits || undefined}>
      {fits ? `fits in ${formatBytes(free)} ${where}` : `more than the ${formatBytes(free)} ${where}`}
    </span>
  );
}
