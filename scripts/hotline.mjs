#!/usr/bin/env node
// The `hotline` CLI: registers the TypeScript loader of this package, then runs src/cli.ts.
import { register } from 'tsx/esm/api';
register();
await import('../src/cli.ts');
