import { z } from 'zod';
import { preferencesPatchSchema, preferencesSchema } from '../preferences.js';
import { method } from './define.js';

export const appInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  transport: z.enum(['ipc', 'http']),
  dataDir: z.string(),
  databaseFile: z.string(),
  schemaVersion: z.number().int(),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

export const appMethods = {
  info: method({ summary: 'What is running and where its workspace lives.', input: z.object({}), output: appInfoSchema }),
};

export const preferencesMethods = {
  get: method({ summary: 'The current preferences.', input: z.object({}), output: preferencesSchema }),
  update: method({ summary: 'Change some preferences.', input: preferencesPatchSchema, output: preferencesSchema }),
};
