import assert from 'node:assert/strict';
import { copyFileSync, cpSync, readFileSync, rmSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { databaseFileName } from '../../../../electron/services/bootstrap.js';
import { EventBus } from '../../../../electron/services/event-bus.js';
import { BundleService } from '../../../../electron/services/export/bundle-service.js';
import { ExportService } from '../../../../electron/services/export/export-service.js';
import { Database } from '../../../../electron/services/storage/database.js';
import { exportOptionsSchema, type BundleManifest } from '../../../../shared/contract/export.js';
import { tempDataDir } from '../../../support/start-server.js';
import { fakeHome, seedLabeledWorkspace } from './sql-fixture.js';
import { folderDigest } from './support.js';

// The team workflow without a server: Ben labels in his own copy of the workspace, exports his
// judgments as a bundle, and the lead imports it. Imports are all or nothing and idempotent.

interface Workspace {
  dir: string;
  db: Database;
  bundles: BundleService;
  exports: ExportService;
  events: string[];
}

async function open(dir: string): Promise<Workspace> {
  const db = await Database.open(join(dir, databaseFileName));
  const bus = new EventBus();
  const events: string[] = [];
  bus.subscribe((event, payload) => events.push(`${event}:${JSON.stringify(payload)}`));
  const exports = new ExportService(db, { workspaceDir: dir, appVersion: '1.2.3', homeDir: fakeHome, secrets: { list: () => [], get: () => undefined } });
  const bundles = new BundleService(db, bus, { workspaceDir: dir, appVersion: '1.2.3', scrubSources: () => exports.scrubSources() });
  return { dir, db, bundles, exports, events };
}

let source: Workspace; // Ben's copy, fully labeled
let lead: Workspace; // the lead's copy, without Ben
let root: string;

before(async () => {
  root = tempDataDir('arbiter-bundles-');
  const a = join(root, 'ben');
  const b = join(root, 'lead');
  await seedLabeledWorkspace(a);
  cpSync(a, b, { recursive: true });
  source = await open(a);
  lead = await open(b);
  await lead.db.transaction(async (sql) => {
    await sql.run(`DELETE FROM judgments WHERE annotator_id = 'ann-ben'`);
    await sql.run(`DELETE FROM annotators WHERE id = 'ann-ben'`);
  });
});

after(async () => {
  await source?.db.close();
  await lead?.db.close();
  rmSync(root, { recursive: true, force: true });
});

async function snapshot(db: Database) {
  return db.read(async (sql) => ({
    judgments: await sql.all('SELECT * FROM judgments ORDER BY id'),
    annotators: await sql.all('SELECT * FROM annotators ORDER BY id'),
    audit: await sql.all('SELECT count(*) AS n FROM audit_log'),
    exports: await sql.all('SELECT count(*) AS n FROM exports'),
  }));
}

describe('annotation bundles', () => {
  let benBundle: string;

  it('an annotator exports their judgments (every revision) as Parquet with a manifest', async () => {
    const result = await source.bundles.write('ann-ben', [], join(root, 'ben-bundle'), false);
    benBundle = result.folder;
    const manifest = JSON.parse(readFileSync(join(benBundle, 'manifest.json'), 'utf8')) as BundleManifest;
    assert.equal(manifest.kind, 'arbiter-annotation-bundle');
    assert.deepEqual(manifest.annotators, [{ id: 'ann-ben', name: 'Ben', kind: 'human' }]);
    // Ben: pi-0, pi-3, pi-4 (a vote and its retraction), ri-0, ri-1.
    assert.equal(manifest.counts.judgments, 6);
    assert.equal(result.judgments, 6);
    assert.deepEqual(manifest.taskSets.map((set) => set.id), ['ts-pair', 'ts-rank']);
    const digest = folderDigest(benBundle);
    for (const file of manifest.files) assert.equal(digest[file.path], file.sha256);
    assert.equal(manifest.bundleId, manifest.files[0]!.sha256);
    // The same judgments make the same bundle.
    const again = await source.bundles.write('ann-ben', [], join(root, 'ben-bundle-again'), false);
    assert.deepEqual(folderDigest(again.folder), digest);
  });

  it('another workspace imports it: annotator identity kept, idempotent, statistics see the new votes', async () => {
    const before = await snapshot(lead.db);
    const first = await lead.bundles.import(benBundle);
    assert.deepEqual(
      { added: first.added, duplicates: first.duplicates, conflicts: first.conflicts, annotatorsAdded: first.annotatorsAdded },
      { added: 6, duplicates: 0, conflicts: 0, annotatorsAdded: ['Ben'] },
    );
    const afterFirst = await snapshot(lead.db);
    assert.equal(afterFirst.judgments.length, before.judgments.length + 6);
    const ben = afterFirst.annotators.find((row) => row.id === 'ann-ben');
    assert.equal(ben?.name, 'Ben');
    // Rows arrive exactly as they were written in Ben's workspace.
    const inSource = await source.db.all(`SELECT * FROM judgments WHERE annotator_id = 'ann-ben' ORDER BY id`);
    assert.deepEqual(afterFirst.judgments.filter((row) => row.annotator_id === 'ann-ben'), inSource);
    assert.ok(lead.events.includes('labeling.changed:{"taskSetId":"ts-pair"}'));

    const second = await lead.bundles.import(benBundle);
    assert.deepEqual({ added: second.added, duplicates: second.duplicates, annotatorsAdded: second.annotatorsAdded }, { added: 0, duplicates: 6, annotatorsAdded: [] });
    assert.equal((await snapshot(lead.db)).judgments.length, afterFirst.judgments.length);

    // The lead's majority on pi-0 now has Ben's vote, as in Ben's workspace: the same export.
    const options = exportOptionsSchema.parse({ taskSetIds: ['ts-pair', 'ts-rank'], format: 'trl-conversational', metadata: true, resolve: 'per-annotator' });
    const [mine, theirs] = [await lead.exports.preview(options, 100), await source.exports.preview(options, 100)];
    assert.deepEqual(mine.lines, theirs.lines);
    assert.ok(mine.lines.some((line) => line.includes('"annotators":["Ben"]')));
  });

  it('a judgment changed in both workspaces: the newest edit is current, the other goes to the audit log', async () => {
    // Ana changes pi-1 (a tie) in both copies: first in the lead's, later in hers.
    const edit = (db: Database, id: string, preferred: string, at: string) =>
      db.transaction((sql) =>
        sql.run(
          `INSERT INTO judgments (id, judgment_key, revision, task_set_id, item_id, annotator_id, source, shown_order, verdict, created_at)
           VALUES ($id, 'k-ann-ana-pi-1', 2, 'ts-pair', 'pi-1', 'ann-ana', 'human', '[]', $verdict, $at)`,
          { id, verdict: JSON.stringify({ kind: 'pairwise', choice: 'preferred', preferredGenerationId: preferred, strength: 'slight' }), at },
        ),
      );
    await edit(lead.db, 'j-lead-edit', 'g-r1-local', '2025-06-01T00:00:00Z');
    await edit(source.db, 'j-ana-edit', 'g-r1-remote', '2025-06-02T00:00:00Z');
    const anaBundle = await source.bundles.write('ann-ana', ['ts-pair'], join(root, 'ana-bundle'), false);
    const result = await lead.bundles.import(anaBundle.folder);
    assert.equal(result.conflicts, 1);
    assert.equal(result.conflictsWonByBundle, 1);
    const current = await lead.db.all(
      `SELECT id, revision, json_extract_string(verdict, '$.preferredGenerationId') AS preferred FROM judgments WHERE judgment_key = 'k-ann-ana-pi-1' ORDER BY revision`,
    );
    assert.deepEqual(current.map((row) => [row.id, row.revision, row.preferred]), [
      ['j-ann-ana-pi-1-1', 1, null],
      ['j-lead-edit', 2, 'g-r1-local'],
      ['j-ana-edit', 3, 'g-r1-remote'],
    ]);
    const audit = await lead.db.all(`SELECT entity_id, detail FROM audit_log WHERE action = 'judgment.import-conflict'`);
    assert.equal(audit.length, 1);
    const detail = JSON.parse(String(audit[0]!.detail));
    assert.equal(detail.kept, 'bundle');
    assert.equal(detail.other.id, 'j-lead-edit');
    assert.equal(detail.current.id, 'j-ana-edit');

    // Importing again changes nothing; an older edit from a bundle does not replace a newer one here.
    const again = await lead.bundles.import(anaBundle.folder);
    assert.equal(again.added, 0);
    await lead.db.transaction((sql) =>
      sql.run(
        `INSERT INTO judgments (id, judgment_key, revision, task_set_id, item_id, annotator_id, source, shown_order, verdict, created_at)
         VALUES ('j-lead-newest', 'k-ann-ana-pi-5', 2, 'ts-pair', 'pi-5', 'ann-ana', 'human', '[]', '{"kind":"pairwise","choice":"tie","preferredGenerationId":null,"strength":null}', '2025-09-01T00:00:00Z')`,
      ),
    );
    await source.db.transaction((sql) =>
      sql.run(
        `INSERT INTO judgments (id, judgment_key, revision, task_set_id, item_id, annotator_id, source, shown_order, verdict, created_at)
         VALUES ('j-ana-older', 'k-ann-ana-pi-5', 2, 'ts-pair', 'pi-5', 'ann-ana', 'human', '[]', '{"kind":"pairwise","choice":"both_bad","preferredGenerationId":null,"strength":null}', '2025-08-01T00:00:00Z')`,
      ),
    );
    const older = await source.bundles.write('ann-ana', ['ts-pair'], join(root, 'ana-bundle-2'), false);
    const kept = await lead.bundles.import(older.folder);
    assert.equal(kept.conflicts, 1);
    assert.equal(kept.conflictsWonByBundle, 0);
    const top = await lead.db.all(`SELECT id FROM judgments WHERE judgment_key = 'k-ann-ana-pi-5' ORDER BY revision DESC LIMIT 1`);
    assert.equal(top[0]!.id, 'j-lead-newest');
    const lastAudit = await lead.db.all(`SELECT detail FROM audit_log WHERE action = 'judgment.import-conflict' ORDER BY id DESC LIMIT 1`);
    assert.equal(JSON.parse(String(lastAudit[0]!.detail)).other.id, 'j-ana-older');
  });

  it('malformed or partial bundles are refused, and the workspace does not change', async () => {
    const broken = (name: string, change: (folder: string) => void) => {
      const folder = join(root, `broken-${name}`);
      cpSync(benBundle, folder, { recursive: true });
      change(folder);
      return folder;
    };
    const manifestOf = (folder: string) => JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8')) as BundleManifest;
    const rewrite = (folder: string, change: (manifest: BundleManifest) => void) => {
      const manifest = manifestOf(folder);
      change(manifest);
      writeFileSync(join(folder, 'manifest.json'), JSON.stringify(manifest));
    };
    const cases: [string, string, RegExp][] = [
      ['no folder', join(root, 'nowhere'), /is not a folder/],
      ['no manifest', broken('no-manifest', (folder) => unlinkSync(join(folder, 'manifest.json'))), /has no manifest\.json/],
      ['bad JSON', broken('bad-json', (folder) => writeFileSync(join(folder, 'manifest.json'), '{"kind": "arbiter-annotation-bundle",')), /not valid JSON/],
      ['wrong shape', broken('shape', (folder) => rewrite(folder, (manifest) => ((manifest as { bundleVersion: number }).bundleVersion = 7))), /not an annotation bundle manifest \(bundleVersion/],
      ['truncated', broken('truncated', (folder) => truncateSync(join(folder, 'judgments.parquet'), 100)), /judgments\.parquet is incomplete or changed/],
      ['missing file', broken('missing', (folder) => unlinkSync(join(folder, 'annotators.parquet'))), /annotators\.parquet is missing/],
      [
        'changed bytes',
        broken('changed', (folder) => {
          const bytes = readFileSync(join(folder, 'judgments.parquet'));
          bytes[bytes.length - 20] = bytes[bytes.length - 20]! ^ 0xff;
          writeFileSync(join(folder, 'judgments.parquet'), bytes);
        }),
        /does not match its sha256/,
      ],
      [
        'another file under the right name',
        broken('swapped', (folder) => {
          copyFileSync(join(folder, 'annotators.parquet'), join(folder, 'judgments.parquet'));
          rewrite(folder, (manifest) => {
            manifest.files[0] = { ...manifest.files[1]!, path: 'judgments.parquet', rows: manifest.counts.judgments };
            manifest.bundleId = manifest.files[1]!.sha256;
          });
        }),
        /lacks the columns/,
      ],
      ['a training export', join(root, 'ben-bundle-again'), /x/],
    ];
    // The last case: a training-data export folder given by mistake.
    const exportFolder = (await source.exports.write(exportOptionsSchema.parse({ taskSetIds: ['ts-pair'], format: 'sft' }), join(root, 'an-export'), false)).folder;
    cases[cases.length - 1] = ['a training export', exportFolder, /a training-data export, not an annotation bundle/];

    const before = await snapshot(lead.db);
    for (const [name, folder, message] of cases) {
      await assert.rejects(lead.bundles.import(folder), (error: Error & { code?: string }) => {
        assert.equal(error.code, 'INVALID_INPUT', name);
        assert.match(error.message, message, name);
        assert.match(error.message, /Nothing in the workspace changed/, name);
        return true;
      });
    }
    assert.deepEqual(await snapshot(lead.db), before);
  });

  it('a bundle about task sets or items this workspace does not have is refused whole', async () => {
    const stranger = join(root, 'stranger');
    await seedLabeledWorkspace(stranger);
    const other = await open(stranger);
    try {
      await other.db.transaction(async (sql) => {
        await sql.run(`INSERT INTO task_sets (id, name, experiment_id, kind, config) VALUES ('ts-elsewhere', 'Elsewhere', 'e1', 'pairwise', '{}')`);
        await sql.run(`INSERT INTO task_items VALUES ('pi-elsewhere', 'ts-elsewhere', 0, 'row-0', '["g-r0-local","g-r0-remote"]')`);
        await sql.run(`INSERT INTO annotators (id, name, kind) VALUES ('ann-dee', 'Dee', 'human')`);
        await sql.run(`INSERT INTO judgments (id, judgment_key, revision, task_set_id, item_id, annotator_id, source, shown_order, verdict)
          VALUES ('j-dee-1', 'k-dee-1', 1, 'ts-pair', 'pi-0', 'ann-dee', 'human', '[]', '{"kind":"pairwise","choice":"tie","preferredGenerationId":null,"strength":null}'),
                 ('j-dee-2', 'k-dee-2', 1, 'ts-elsewhere', 'pi-elsewhere', 'ann-dee', 'human', '[]', '{"kind":"pairwise","choice":"tie","preferredGenerationId":null,"strength":null}')`);
      });
      const bundle = await other.bundles.write('ann-dee', [], join(root, 'dee-bundle'), false);
      const before = await snapshot(lead.db);
      await assert.rejects(lead.bundles.import(bundle.folder), /this workspace has no task set ts-elsewhere/);
      assert.deepEqual(await snapshot(lead.db), before, 'the valid judgment of the same bundle did not go in either');

      await other.db.transaction(async (sql) => {
        await sql.run(`DELETE FROM judgments WHERE id = 'j-dee-2'`);
        await sql.run(`INSERT INTO judgments (id, judgment_key, revision, task_set_id, item_id, annotator_id, source, shown_order, verdict)
          VALUES ('j-dee-3', 'k-dee-3', 1, 'ts-pair', 'pi-1', 'ann-dee', 'human', '[]', '{"kind":"pairwise","choice":"preferred","preferredGenerationId":"g-r0-local","strength":null}')`);
      });
      const wrongOutput = await other.bundles.write('ann-dee', [], join(root, 'dee-bundle-2'), false);
      await assert.rejects(lead.bundles.import(wrongOutput.folder), /name outputs their item does not have/);
      assert.deepEqual(await snapshot(lead.db), before);
    } finally {
      await other.db.close();
    }
  });

  it('a new annotator whose name is taken here keeps their id and gets a distinct name', async () => {
    const twin = join(root, 'twin');
    await seedLabeledWorkspace(twin);
    const other = await open(twin);
    try {
      await other.db.transaction(async (sql) => {
        await sql.run(`INSERT INTO annotators (id, name, kind) VALUES ('ann-ana-2', 'Ana', 'human')`);
        await sql.run(`INSERT INTO judgments (id, judgment_key, revision, task_set_id, item_id, annotator_id, source, shown_order, verdict)
          VALUES ('j-ana2-1', 'k-ana2-1', 1, 'ts-pair', 'pi-2', 'ann-ana-2', 'human', '[]', '{"kind":"pairwise","choice":"tie","preferredGenerationId":null,"strength":null}')`);
      });
      const bundle = await other.bundles.write('ann-ana-2', [], null, false);
      assert.match(bundle.folder, /exports\/bundle-ana-[0-9a-f]{8}$/);
      const result = await lead.bundles.import(bundle.folder);
      assert.deepEqual(result.annotatorsAdded, ['Ana (ann-ana-)']);
      assert.match(result.warnings[0]!, /already called “Ana”/);
      const row = await lead.db.all(`SELECT name FROM annotators WHERE id = 'ann-ana-2'`);
      assert.equal(row[0]!.name, 'Ana (ann-ana-)');
    } finally {
      await other.db.close();
    }
  });
});
