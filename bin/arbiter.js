#!/usr/bin/env node
// The `arbiter` command: runs the TypeScript CLI through tsx so the repo needs no separate build.
import { register } from 'tsx/esm/api';

register();
await import('../electron/headless/cli.ts');
