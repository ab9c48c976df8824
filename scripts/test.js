// `npm test`: type-check every environment, build the renderer the end-to-end tests drive,
// then run every test file under test/ with Node's test runner.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function run(command, args) {
  const result = spawnSync(command, args, { stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function testFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'bench' ? [] : testFiles(path);
    return name.endsWith('.test.ts') ? [path] : [];
  });
}

const only = process.argv.slice(2);
if (only.length === 0) {
  run('node', ['scripts/typecheck.js']);
  run('npx', ['vite', 'build', '--logLevel', 'warn']);
}
const files = only.length > 0 ? only : testFiles('test').sort();
run('node', ['--import', 'tsx', '--test', '--test-reporter=spec', ...files]);
