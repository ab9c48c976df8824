import type { LocalSettings } from '../../../shared/contract/models.js';
import { checkInteger, checkNumber, parseOptionalNumber } from '../../ui/form-field.js';

export interface SettingsDraft {
  gpuMode: 'auto' | 'off' | 'layers';
  gpuLayers: string;
  contextSize: string;
  threads: string;
  batchSize: string;
  flashAttention: boolean;
  overrideTemplate: boolean;
  chatTemplate: string;
  lora: boolean;
  loraPath: string;
  loraScale: string;
}

export function toSettingsDraft(settings: LocalSettings): SettingsDraft {
  const layers = settings.gpuLayers;
  return {
    gpuMode: layers === 'auto' || layers === 'off' ? layers : 'layers',
    gpuLayers: typeof layers === 'number' ? String(layers) : '',
    contextSize: String(settings.contextSize),
    threads: settings.threads === undefined ? '' : String(settings.threads),
    batchSize: settings.batchSize === undefined ? '' : String(settings.batchSize),
    flashAttention: settings.flashAttention,
    overrideTemplate: Boolean(settings.chatTemplateOverride?.trim()),
    chatTemplate: settings.chatTemplateOverride ?? '',
    lora: settings.lora !== undefined && settings.lora.scale > 0,
    loraPath: settings.lora?.path ?? '',
    loraScale: String(settings.lora?.scale ?? 1),
  };
}

export type SettingsErrors = Partial<Record<keyof SettingsDraft, string>>;

export function checkSettings(draft: SettingsDraft, saved: LocalSettings): SettingsErrors {
  const errors: SettingsErrors = {
    gpuLayers: draft.gpuMode === 'layers' ? checkInteger(draft.gpuLayers, 'GPU layers', 0, 1000, true) : undefined,
    contextSize: checkInteger(draft.contextSize, 'Context size', 128, 1_048_576, true),
    threads: checkInteger(draft.threads, 'Threads', 1, 256),
    batchSize: checkInteger(draft.batchSize, 'Batch size', 1, 65_536),
    loraPath: draft.lora && !draft.loraPath.trim() ? 'The adapter’s path is required.' : undefined,
    loraScale: draft.lora ? checkNumber(draft.loraScale, 'Scale', 0, 4) : undefined,
  };
  // The contract merges settings, so an optional value once set cannot be sent back as "unset".
  if (!errors.batchSize && draft.batchSize.trim() === '' && saved.batchSize !== undefined) {
    errors.batchSize = `Automatic batch size cannot be restored yet; enter a number (was ${saved.batchSize}).`;
  }
  return Object.fromEntries(Object.entries(errors).filter(([, message]) => message)) as SettingsErrors;
}

/** The change to send; `defaultThreads` stands in for a cleared thread count (physical cores, the backend's default). */
export function fromSettingsDraft(draft: SettingsDraft, saved: LocalSettings, defaultThreads: number | undefined): Partial<LocalSettings> {
  const threads = parseOptionalNumber(draft.threads);
  const batchSize = parseOptionalNumber(draft.batchSize);
  const settings: Partial<LocalSettings> = {
    gpuLayers: draft.gpuMode === 'layers' ? Number(draft.gpuLayers) : draft.gpuMode,
    contextSize: Number(draft.contextSize),
    flashAttention: draft.flashAttention,
    // An empty override means "the model's own template".
    chatTemplateOverride: draft.overrideTemplate ? draft.chatTemplate : saved.chatTemplateOverride !== undefined ? '' : undefined,
  };
  if (threads !== undefined) settings.threads = threads;
  else if (saved.threads !== undefined && defaultThreads !== undefined) settings.threads = defaultThreads;
  if (batchSize !== undefined) settings.batchSize = batchSize;
  if (draft.lora) settings.lora = { path: draft.loraPath.trim(), scale: parseOptionalNumber(draft.loraScale) ?? 1 };
  // An adapter at scale 0 changes nothing; it is how a saved adapter is switched off.
  else if (saved.lora) settings.lora = { ...saved.lora, scale: 0 };
  return settings;
}
