/**
 * The command-line program as a few ES modules (esbuild), which `bin/isnad.mjs` runs: loading the
 * ~120 compiled files of dist/ one by one, with zod's and yaml's own hundreds, took most of the
 * start-up of `isnad articles` and `isnad ask`. `npm run build` runs this after tsc.
 *
 * Each command's module stays a separate chunk loaded by its import() (code splitting), so a
 * command still loads only what it uses — with imports from a stage's index.ts bundled as imports
 * of the files behind it (barrel-imports.ts), which code splitting needs for that; tests/cli/bundle.test.ts
 * checks what `articles` and `ask` load. The worker modules (src/worker-thread.ts starts name.js
 * beside the module starting it) are entry points in the same flat folder as the chunks. The
 * folder sits two levels below the package root, as dist/<stage>/ does, for src/ingestion/http.ts's
 * `../../package.json`.
 */
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { build, type Metafile } from 'esbuild';
import { importsPastPublicSurfaces } from './barrel-imports.ts';

/** The CLI's entry and the worker modules, by output name. */
const ENTRY_POINTS = {
  cli: 'src/cli/main.ts',
  'hnsw-worker': 'src/store/hnsw-worker.ts',
  'scan-worker': 'src/corpus/scan-worker.ts',
  'index-worker': 'src/engine/index-worker.ts',
  'extract-worker': 'src/ingestion/extract-worker.ts',
};

/**
 * Dependencies bundled in: small pure-JavaScript ones that every command loads. The others stay
 * imports from node_modules: native addons (hnswlib-node), transformers.js with its ONNX runtime,
 * and the libraries only some commands load (linkedom, feedsmith, …), which are never bundled so
 * they run exactly as published.
 */
const BUNDLED_DEPENDENCIES = new Set(['zod', 'dotenv', 'proper-lockfile']);

/**
 * Bundles the CLI from the sources under `root` into `outdir`, emptied first (chunk names change
 * with their content). Returns esbuild's account of which source files went into which chunk.
 */
export async function bundleCli(root: string, outdir: string): Promise<Metafile> {
  await rm(outdir, { recursive: true, force: true });
  const { dependencies } = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  const { metafile } = await build({
    absWorkingDir: root,
    entryPoints: ENTRY_POINTS,
    outdir,
    bundle: true,
    splitting: true,
    chunkNames: '[name]-[hash]',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: Object.keys(dependencies).filter((name) => !BUNDLED_DEPENDENCIES.has(name)),
    plugins: [importsPastPublicSurfaces(path.join(root, 'src'))],
    // The bundled CommonJS packages (dotenv, proper-lockfile) require Node's built-in modules.
    banner: {
      js: "import { createRequire as createRequireForBundle } from 'node:module'; const require = createRequireForBundle(import.meta.url);",
    },
    // Less text for V8 to scan at each start; names are kept, so stack traces still read.
    minifyWhitespace: true,
    minifySyntax: true,
    sourcemap: true,
    logLevel: 'warning',
    metafile: true,
  });
  return metafile;
}
