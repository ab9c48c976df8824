import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { checkImport, importsOf } from './layer-rules.js';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|js|mjs|cjs)$/.test(name) ? [path] : [];
  });
}

describe('layers of DESIGN.md', () => {
  it('no file imports across the layers', () => {
    const problems = ['shared', 'renderer', 'electron'].flatMap((root) =>
      sourceFiles(root).flatMap((file) => importsOf(readFileSync(file, 'utf8')).flatMap((specifier) => checkImport(file, specifier))),
    );
    assert.deepEqual(problems, []);
  });

  it('the check itself catches each kind of crossing', () => {
    assert.match(checkImport('shared/x.ts', 'node:fs')[0] ?? '', /Node module/);
    assert.match(checkImport('shared/x.ts', 'react')[0] ?? '', /may import only/);
    assert.match(checkImport('renderer/app.tsx', '../electron/services/bootstrap.js')[0] ?? '', /may not import/);
    assert.match(checkImport('renderer/app.tsx', '@duckdb/node-api')[0] ?? '', /does not belong/);
    assert.match(checkImport('electron/services/a.ts', 'electron')[0] ?? '', /only electron\/main/);
    assert.match(checkImport('electron/services/a.ts', '../main/index.js')[0] ?? '', /may not import/);
    assert.match(checkImport('electron/headless/cli.ts', 'electron')[0] ?? '', /only electron\/main/);
    assert.match(checkImport('electron/preload/index.ts', 'node:path')[0] ?? '', /Node module/);
    assert.match(checkImport('electron/stray.ts', 'zod')[0] ?? '', /in no layer/);
    assert.deepEqual(checkImport('electron/main/window.ts', 'electron'), []);
    assert.deepEqual(checkImport('electron/headless/cli.ts', '../services/bootstrap.js'), []);
    assert.deepEqual(checkImport('renderer/app.tsx', '../shared/contract/index.js'), []);
  });

  it('finds every form of import', () => {
    const source = `import a from 'a';\nimport type { B } from "b";\nexport * from './c.js';\nimport 'd';\nconst e = await import('e');\nconst f = require('f');\nimport {\n  g,\n  h,\n} from 'gh';`;
    assert.deepEqual(importsOf(source), ['a', 'b', './c.js', 'd', 'e', 'f', 'gh']);
  });
});
