import { z } from 'zod';
import { method } from './define.js';

export const chatRoleSchema = z.enum(['system', 'user', 'assistant']);
export type ChatRole = z.infer<typeof chatRoleSchema>;

export const chatMessageSchema = z.object({
  role: chatRoleSchema,
  content: z.string().max(200_000),
});
export type ChatMessage = z.infer<typeof chatMessageSchema>;

/** A prompt's content: chat messages whose contents are Jinja-style templates. */
export const chatTemplateSchema = z.object({
  messages: z.array(chatMessageSchema).min(1).max(200),
});
export type ChatTemplate = z.infer<typeof chatTemplateSchema>;

const idSchema = z.string().min(1).max(100);
const nameSchema = z.string().trim().min(1, 'A name is required').max(200);
/** Labels such as "production" or "candidate": short, lower-case, no spaces. */
export const labelSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{0,39}$/, 'Labels are 1-40 letters, digits, ".", "_" or "-"');

export const promptVersionSummarySchema = z.object({
  id: idSchema,
  number: z.number().int().positive(),
  hash: z.string(),
  createdAt: z.string(),
  note: z.string(),
  labels: z.array(z.string()),
});
export type PromptVersionSummary = z.infer<typeof promptVersionSummarySchema>;

export const promptVersionSchema = promptVersionSummarySchema.extend({
  promptId: idSchema,
  template: chatTemplateSchema,
  variables: z.array(z.string()),
});
export type PromptVersion = z.infer<typeof promptVersionSchema>;

export const promptSummarySchema = z.object({
  id: idSchema,
  name: z.string(),
  archived: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  versionCount: z.number().int().nonnegative(),
  latestVersion: z.number().int().nonnegative(),
  labels: z.array(z.string()),
  variables: z.array(z.string()),
});
export type PromptSummary = z.infer<typeof promptSummarySchema>;

export const promptDetailSchema = promptSummarySchema.extend({
  versions: z.array(promptVersionSummarySchema),
  head: promptVersionSchema,
});
export type PromptDetail = z.infer<typeof promptDetailSchema>;

const promptRef = z.object({ id: idSchema });
const versionRef = z.object({ promptId: idSchema, number: z.number().int().positive() });

export const promptMethods = {
  list: method({
    summary: 'Prompts matching a search (name, content or label), newest first.',
    input: z.object({ query: z.string().max(200).default(''), includeArchived: z.boolean().default(false) }),
    output: z.array(promptSummarySchema),
  }),
  get: method({ summary: 'One prompt with its version history.', input: promptRef, output: promptDetailSchema }),
  create: method({
    summary: 'A new prompt; its first version is the given template or a starter template.',
    input: z.object({ name: nameSchema, template: chatTemplateSchema.optional() }),
    output: promptDetailSchema,
  }),
  saveVersion: method({
    summary: 'Save the template as a new immutable version; identical content creates nothing.',
    input: z.object({ promptId: idSchema, template: chatTemplateSchema, note: z.string().max(500).default('') }),
    output: z.object({ created: z.boolean(), version: promptVersionSchema }),
  }),
  getVersion: method({ summary: 'One version with its full template.', input: versionRef, output: promptVersionSchema }),
  restoreVersion: method({
    summary: 'Make an older version the newest by saving its content as a new version.',
    input: versionRef,
    output: z.object({ created: z.boolean(), version: promptVersionSchema }),
  }),
  setLabel: method({
    summary: 'Point a label (one per prompt) at a version.',
    input: versionRef.extend({ label: labelSchema }),
    output: promptDetailSchema,
  }),
  removeLabel: method({
    summary: 'Remove a label from the prompt.',
    input: z.object({ promptId: idSchema, label: labelSchema }),
    output: promptDetailSchema,
  }),
  rename: method({ summary: 'Rename a prompt.', input: promptRef.extend({ name: nameSchema }), output: promptDetailSchema }),
  duplicate: method({
    summary: 'A new prompt whose first version is a copy of this prompt’s newest version.',
    input: promptRef.extend({ name: nameSchema.optional() }),
    output: promptDetailSchema,
  }),
  setArchived: method({
    summary: 'Archive (hide, keep every version) or bring back a prompt.',
    input: promptRef.extend({ archived: z.boolean() }),
    output: promptDetailSchema,
  }),
};
