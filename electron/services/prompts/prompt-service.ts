import { createHash, randomUUID } from 'node:crypto';
import type { ChatTemplate, PromptDetail, PromptSummary, PromptVersion } from '../../../shared/contract/prompts.js';
import { AppError } from '../../../shared/errors.js';
import { analyzeChatTemplate, describeIssue } from '../../../shared/template/index.js';
import type { EventBus } from '../event-bus.js';
import type { Database, Sql } from '../storage/database.js';
import { recordAudit } from '../storage/audit-log.js';
import * as repo from './prompt-repository.js';

export const starterTemplate: ChatTemplate = {
  messages: [
    { role: 'system', content: 'You are a careful assistant. Answer in {{ language | default("English") }}.' },
    { role: 'user', content: '{{ question }}' },
  ],
};

/** Identity of a version's content: the same messages always give the same hash. */
export function contentHash(template: ChatTemplate): string {
  const canonical = JSON.stringify(template.messages.map((message) => [message.role, message.content]));
  return createHash('sha256').update(canonical).digest('hex');
}

export interface SaveResult {
  created: boolean;
  version: PromptVersion;
}

/** The prompt library's rules: immutable numbered versions, labels, archive instead of delete. */
export class PromptService {
  constructor(
    private readonly db: Database,
    private readonly events: EventBus,
  ) {}

  list(query: string, includeArchived: boolean): Promise<PromptSummary[]> {
    return this.db.read((sql) => repo.listPrompts(sql, query, includeArchived));
  }

  get(id: string): Promise<PromptDetail> {
    return this.db.read((sql) => this.detail(sql, id));
  }

  getVersion(promptId: string, number: number): Promise<PromptVersion> {
    return this.db.read(async (sql) => {
      const version = await repo.findVersion(sql, promptId, number);
      if (!version) throw new AppError('NOT_FOUND', `Version ${number} of this prompt does not exist.`);
      return version;
    });
  }

  async create(name: string, template: ChatTemplate = starterTemplate): Promise<PromptDetail> {
    const variables = validTemplateVariables(template);
    const id = randomUUID();
    const detail = await this.db.transaction(async (sql) => {
      if (await repo.nameExists(sql, name)) throw new AppError('CONFLICT', `A prompt named “${name}” already exists.`);
      await repo.insertPrompt(sql, id, name);
      await this.insertVersion(sql, id, template, variables, '');
      await recordAudit(sql, 'prompt.create', 'prompt', id, { name });
      return this.detail(sql, id);
    });
    this.events.emit('prompts.changed', { promptId: id });
    return detail;
  }

  async saveVersion(promptId: string, template: ChatTemplate, note: string): Promise<SaveResult> {
    const variables = validTemplateVariables(template);
    const result = await this.db.transaction(async (sql) => {
      const head = await this.requireHead(sql, promptId);
      if (head.hash === contentHash(template)) return { created: false, version: head };
      const version = await this.insertVersion(sql, promptId, template, variables, note);
      await recordAudit(sql, 'prompt.version.create', 'prompt', promptId, { number: version.number, hash: version.hash });
      return { created: true, version };
    });
    if (result.created) this.events.emit('prompts.changed', { promptId });
    return result;
  }

  async restoreVersion(promptId: string, number: number): Promise<SaveResult> {
    const old = await this.getVersion(promptId, number);
    return this.saveVersion(promptId, old.template, `Restored from version ${number}`);
  }

  async setLabel(promptId: string, number: number, label: string): Promise<PromptDetail> {
    return this.mutate(promptId, async (sql) => {
      const version = await repo.findVersion(sql, promptId, number);
      if (!version) throw new AppError('NOT_FOUND', `Version ${number} of this prompt does not exist.`);
      await repo.upsertLabel(sql, promptId, label, version.id);
      await recordAudit(sql, 'prompt.label.set', 'prompt', promptId, { label, number });
    });
  }

  async removeLabel(promptId: string, label: string): Promise<PromptDetail> {
    return this.mutate(promptId, async (sql) => {
      if (!(await repo.deleteLabel(sql, promptId, label))) {
        throw new AppError('NOT_FOUND', `This prompt has no label “${label}”.`);
      }
      await recordAudit(sql, 'prompt.label.remove', 'prompt', promptId, { label });
    });
  }

  async rename(id: string, name: string): Promise<PromptDetail> {
    return this.mutate(id, async (sql) => {
      if (await repo.nameExists(sql, name, id)) throw new AppError('CONFLICT', `A prompt named “${name}” already exists.`);
      await repo.renamePrompt(sql, id, name);
      await recordAudit(sql, 'prompt.rename', 'prompt', id, { name });
    });
  }

  async setArchived(id: string, archived: boolean): Promise<PromptDetail> {
    return this.mutate(id, async (sql) => {
      await repo.setArchived(sql, id, archived);
      await recordAudit(sql, archived ? 'prompt.archive' : 'prompt.unarchive', 'prompt', id, {});
    });
  }

  async duplicate(id: string, name?: string): Promise<PromptDetail> {
    const source = await this.get(id);
    const copyName = name ?? (await this.freeCopyName(source.name));
    return this.create(copyName, source.head.template);
  }

  private async mutate(promptId: string, work: (sql: Sql) => Promise<void>): Promise<PromptDetail> {
    const detail = await this.db.transaction(async (sql) => {
      await this.requireHead(sql, promptId);
      await work(sql);
      return this.detail(sql, promptId);
    });
    this.events.emit('prompts.changed', { promptId });
    return detail;
  }

  private async insertVersion(sql: Sql, promptId: string, template: ChatTemplate, variables: string[], note: string): Promise<PromptVersion> {
    const version: repo.NewVersion = {
      id: randomUUID(),
      promptId,
      number: await repo.nextVersionNumber(sql, promptId),
      hash: contentHash(template),
      template,
      variables,
      note,
    };
    await repo.insertVersion(sql, version);
    const stored = await repo.findVersion(sql, promptId, version.number);
    if (!stored) throw new Error('A version that was just written could not be read back.');
    return stored;
  }

  private async requireHead(sql: Sql, promptId: string): Promise<PromptVersion> {
    const head = await repo.findVersion(sql, promptId);
    if (!head) throw new AppError('NOT_FOUND', 'This prompt does not exist.');
    return head;
  }

  private async detail(sql: Sql, id: string): Promise<PromptDetail> {
    const summary = await repo.findPrompt(sql, id);
    const head = await repo.findVersion(sql, id);
    if (!summary || !head) throw new AppError('NOT_FOUND', 'This prompt does not exist.');
    return { ...summary, versions: await repo.listVersions(sql, id), head };
  }

  private async freeCopyName(base: string): Promise<string> {
    const taken = new Set((await this.list('', true)).map((prompt) => prompt.name.toLowerCase()));
    for (let n = 1; ; n++) {
      const candidate = n === 1 ? `${base} (copy)` : `${base} (copy ${n})`;
      if (!taken.has(candidate.toLowerCase())) return candidate;
    }
  }
}

/** Nothing invalid becomes a runnable version: the backend checks even though the editor does too. */
function validTemplateVariables(template: ChatTemplate): string[] {
  const analysis = analyzeChatTemplate(template);
  const first = analysis.issues[0];
  if (first) {
    const more = analysis.issues.length > 1 ? ` (and ${analysis.issues.length - 1} more)` : '';
    throw new AppError('TEMPLATE_INVALID', `${describeIssue(first)}${more}`);
  }
  return analysis.variables;
}
