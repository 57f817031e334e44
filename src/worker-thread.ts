import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts the worker module `name` that sits beside `caller` (the import.meta.url of the module
 * starting it): name.js in dist/, where the CLI and the bot run. From the TypeScript sources (vitest,
 * tsx in development) it is name.ts, and a worker on Node 20 does not get the process's tsx hooks,
 * so it registers tsx (a dev dependency) before importing the module.
 */
export function startWorker(caller: string, name: string, options: WorkerOptions = {}): Worker {
  const extension = path.extname(new URL(caller).pathname);
  const script = new URL(`./${name}${extension}`, caller);
  if (extension !== '.ts') return new Worker(script, options);
  const tsx = pathToFileURL(path.join(path.dirname(createRequire(caller).resolve('tsx/package.json')), 'dist/esm/api/index.mjs'));
  const bootstrap = `import(${JSON.stringify(tsx.href)}).then(({ register }) => { register(); return import(${JSON.stringify(script.href)}); });`;
  return new Worker(bootstrap, { ...options, eval: true });
}
