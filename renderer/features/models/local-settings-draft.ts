import type { LocalSettings, LocalSettingsPatch } from '../../../shared/contract/models.js';
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

export function checkSettings(draft: SettingsDraft): SettingsErrors {
  const errors: SettingsErrors = {
    gpuLayers: draft.gpuMode === 'layers' ? checkInteger(draft.gpuLayers, 'GPU layers', 0, 1000, true) : undefined,
    contextSize: checkInteger(draft.contextSize, 'Context size', 128, 1_048_576, true),
    threads: checkInteger(draft.threads, 'Threads', 1, 256),
    batchSize: checkInteger(draft.batchSize, 'Batch size', 1, 65_536),
    loraPath: draft.lora && !draft.loraPath.trim() ? 'The adapter’s path is required.' : undefined,
    loraScale: draft.lora ? checkNumber(draft.loraScale, 'Scale', 0, 4) : undefined,
  };
  return Object.fromEntries(Object.entries(errors).filter(([, message]) => message)) as SettingsErrors;
}

/** The change to send: an emptied optional field is sent as null, which restores its default. */
export function fromSettingsDraft(draft: SettingsDraft, saved: LocalSettings): LocalSettingsPatch {
  const threads = parseOptionalNumber(draft.threads);
  const batchSize = parseOptionalNumber(draft.batchSize);
  const patch: LocalSettingsPatch = {
    gpuLayers: draft.gpuMode === 'layers' ? Number(draft.gpuLayers) : draft.gpuMode,
    contextSize: Number(draft.contextSize),
    flashAttention: draft.flashAttention,
  };
  if (threads !== undefined) patch.threads = threads;
  else if (saved.threads !== undefined) patch.threads = null; // back to the machine's physical cores
  if (batchSize !== undefined) patch.batchSize = batchSize;
  else if (saved.batchSize !== undefined) patch.batchSize = null;
  if (draft.overrideTemplate) patch.chatTemplateOverride = draft.chatTemplate;
  else if (saved.chatTemplateOverride !== undefined) patch.chatTemplateOverride = null; // the model's own template
  if (draft.lora) patch.lora = { path: draft.loraPath.trim(), scale: parseOptionalNumber(draft.loraScale) ?? 1 };
  else if (saved.lora !== undefined) patch.lora = null;
  return patch;
}
