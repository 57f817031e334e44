// `npm run build`, after tsc: the bundled CLI in dist/bundle/ (see bundle-cli.ts).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleCli } from './bundle-cli.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
await bundleCli(ROOT, path.join(ROOT, 'dist/bundle'));
