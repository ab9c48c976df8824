// Type-checks each environment against its own tsconfig: DOM only in the renderer, Node only in electron/.
import { spawnSync } from 'node:child_process';

const projects = ['tsconfig.shared.json', 'tsconfig.renderer.json', 'tsconfig.node.json', 'tsconfig.electron.json'];
let failed = false;
for (const project of projects) {
  const started = Date.now();
  const result = spawnSync('npx', ['tsc', '-p', project], { stdio: 'inherit', shell: process.platform === 'win32' });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status === 0) console.log(`typecheck ${project}: ok (${seconds}s)`);
  else {
    console.log(`typecheck ${project}: FAILED`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
