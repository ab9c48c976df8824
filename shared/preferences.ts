import { z } from 'zod';

/** One schema for preferences, stored by electron-store (desktop) or conf (headless). */
export const preferencesSchema = z.object({
  theme: z.enum(['system', 'light', 'dark']).default('system'),
  lastScreen: z.string().max(40).default('home'),
  window: z
    .object({ width: z.number().int().min(400), height: z.number().int().min(300), x: z.number().int().optional(), y: z.number().int().optional() })
    .default({ width: 1440, height: 900 }),
  editor: z
    .object({ fontSize: z.number().int().min(8).max(32).default(13), wordWrap: z.boolean().default(true) })
    .default({ fontSize: 13, wordWrap: true }),
  /** Who is labeling on this machine (an annotator id of the workspace); null until one is picked. */
  annotatorId: z.string().max(100).nullable().default(null),
});
export type Preferences = z.infer<typeof preferencesSchema>;

export const preferencesPatchSchema = z.object({
  theme: preferencesSchema.shape.theme.unwrap().optional(),
  lastScreen: z.string().max(40).optional(),
  window: preferencesSchema.shape.window.unwrap().optional(),
  editor: preferencesSchema.shape.editor.unwrap().partial().optional(),
  annotatorId: z.string().max(100).nullable().optional(),
});
export type PreferencesPatch = z.infer<typeof preferencesPatchSchema>;

export const defaultPreferences: Preferences = preferencesSchema.parse({});
