#!/usr/bin/env node
// The command-line entry point: runs the bundled CLI in dist/bundle/ (built by `npm install`, or `npm run build`).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/bundle/cli.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('isnad: dist/ is missing — run `npm run build` (npm install runs it too)\n');
  process.exit(1);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
