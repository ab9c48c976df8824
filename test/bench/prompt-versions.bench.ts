import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { createBackend, databaseFileName } from '../../electron/services/bootstrap.js';
import { silentLogger } from '../../electron/services/logger.js';
import { Database } from '../../electron/services/storage/database.js';
import { migrate } from '../../electron/services/storage/migrations.js';
import { memoryPreferences } from '../support/backend.js';
import { tempDataDir } from '../support/start-server.js';
import { median, result, timeEach, type Benchmark } from './bench-result.js';

const promptCount = 500;

/** A workspace with `promptCount` prompts of `versionsEach` versions, written set-based in one statement. */
async function seededWorkspace(versionsEach: number): Promise<string> {
  const dataDir = tempDataDir('arbiter-bench-');
  const db = await Database.open(join(dataDir, databaseFileName));
  await migrate(db);
  await db.transaction(async (sql) => {
    await sql.run(`INSERT INTO prompts (id, name) SELECT 'p' || i, 'Prompt ' || i FROM range(${promptCount}) t(i)`);
    await sql.run(`
      INSERT INTO prompt_versions (id, prompt_id, number, content_hash, template, variables, note)
      SELECT 'v' || p || '-' || n, 'p' || p, n, sha256('p' || p || 'v' || n),
        '{"messages":[{"role":"system","content":"You are prompt ' || p || '."},{"role":"user","content":"Version ' || n || ': {{ text }}"}]}',
        '["text"]', ''
      FROM range(${promptCount}) a(p), range(1, ${versionsEach + 1}) b(n)`);
  });
  await db.close();
  return dataDir;
}

async function measure(versionsEach: number): Promise<{ saveMs: number; listMs: number; versions: number }> {
  const dataDir = await seededWorkspace(versionsEach);
  const backend = await createBackend({ dataDir, transport: 'http', preferences: memoryPreferences(), logger: silentLogger });
  try {
    const call = async (channel: string, input: unknown) => {
      const envelope = await backend.dispatch(channel, input);
      if (!envelope.ok) throw new Error(envelope.error.message);
      return envelope.value;
    };
    await call('prompts.list', {}); // warm up
    const saves = await timeEach(60, (i) =>
      call('prompts.saveVersion', {
        promptId: 'p7',
        template: { messages: [{ role: 'user', content: `Edit ${i}: {{ text }} in {{ language }}` }] },
      }),
    );
    const lists = await timeEach(30, () => call('prompts.list', {}));
    return { saveMs: median(saves.slice(10)), listMs: median(lists.slice(5)), versions: promptCount * versionsEach };
  } finally {
    await backend.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export const benchmark: Benchmark = {
  name: 'prompt versions: save and list with 10,000 versions in the workspace',
  async run() {
    const small = await measure(1);
    const large = await measure(20);
    return [
      result({
        name: 'prompt-save-10k-versions',
        value: large.saveMs,
        unit: 'ms',
        baseline: small.saveMs,
        baselineLabel: `same save, ${small.versions} versions`,
        target: 2,
        direction: 'at-most',
      }),
      result({
        name: 'prompt-list-10k-versions',
        value: large.listMs,
        unit: 'ms',
        baseline: small.listMs,
        baselineLabel: `same ${promptCount} prompts, ${small.versions} versions`,
        target: 2,
        direction: 'at-most',
      }),
    ];
  },
};
