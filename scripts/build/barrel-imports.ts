/**
 * An esbuild plugin that bundles an import from a stage's public surface (`src/<stage>/index.ts`,
 * a list of `export { … } from './file.ts'`) as imports from the files that define the names.
 *
 * With code splitting, esbuild gives a chunk every file reachable through the files it imports,
 * used or not: `isnad articles` imports one reader from src/store/index.ts and so loaded the whole
 * index writer, the search and the answering code with it. The sources keep importing the public
 * surfaces (eslint/stage-order.js); only the bundle goes around them.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'esbuild';

/** `import { a, type B } from '../stage/index.ts';`, over several lines too. */
const IMPORT_FROM_INDEX = /^import\s+(type\s+)?\{([^}]*)\}\s+from\s+'(\.{1,2}\/[^']*index\.ts)';/gm;
/** The only statement a public surface may hold. */
const REEXPORT = /^export\s+(type\s+)?\{([^}]*)\}\s+from\s+'(\.\/[^']+)';/gm;

/** Each name a public surface exports, with the file (absolute path) that defines it. */
function surfaceExports(file: string): Map<string, string> {
  const text = readFileSync(file, 'utf8');
  const names = new Map<string, string>();
  for (const [, , list, from] of text.matchAll(REEXPORT)) {
    for (const { name, local } of specifiers(list!)) {
      if (local !== name)
        throw new Error(`${file}: renamed re-exports ("${name} as ${local}") are not handled by scripts/build/barrel-imports.ts`);
      names.set(name, path.resolve(path.dirname(file), from!));
    }
  }
  const rest = text
    .replace(REEXPORT, '')
    .replace(/^\s*\/\/.*$/gm, '')
    .trim();
  if (rest !== '')
    throw new Error(`${file}: a public surface may only re-export (export { … } from './file.ts'), found: ${rest.slice(0, 80)}`);
  return names;
}

/** `a`, `type B`, `c as d` of an import or export list: the name exported, and the text to import it by. */
function specifiers(list: string): { name: string; local: string; text: string }[] {
  return list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((text) => {
      const [name = '', local = name] = text.replace(/^type\s+/, '').split(/\s+as\s+/);
      return { name, local, text };
    });
}

/** `file` as an import specifier from the module `from`: ./x.ts or ../stage/x.ts, as the sources write them. */
function relativeSpecifier(from: string, file: string): string {
  const relative = path.relative(path.dirname(from), file).split(path.sep).join('/');
  return relative.startsWith('.') ? relative : `./${relative}`;
}

export function importsPastPublicSurfaces(srcDir: string): Plugin {
  const surfaces = new Map<string, Map<string, string>>();
  const isSurface = (file: string) => path.basename(file) === 'index.ts' && path.dirname(path.dirname(file)) === srcDir;
  return {
    name: 'imports-past-public-surfaces',
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, (args) => {
        if (!args.path.startsWith(srcDir + path.sep) || isSurface(args.path)) return undefined;
        const text = readFileSync(args.path, 'utf8');
        const contents = text.replace(IMPORT_FROM_INDEX, (statement, typeOnly: string | undefined, list: string, from: string) => {
          const surfaceFile = path.resolve(path.dirname(args.path), from);
          if (typeOnly || !isSurface(surfaceFile)) return statement;
          let exported = surfaces.get(surfaceFile);
          if (!exported) surfaces.set(surfaceFile, (exported = surfaceExports(surfaceFile)));
          const byFile = new Map<string, string[]>();
          for (const { name, text } of specifiers(list)) {
            const definedIn = exported.get(name);
            if (!definedIn) throw new Error(`${args.path}: ${name} is not exported by ${surfaceFile}`);
            if (!byFile.has(definedIn)) byFile.set(definedIn, []);
            byFile.get(definedIn)!.push(text);
          }
          // One line for one: the line numbers of the source map stay right.
          return [...byFile]
            .map(([file, names]) => `import { ${names.join(', ')} } from '${relativeSpecifier(args.path, file)}';`)
            .join(' ')
            .concat('\n'.repeat(statement.split('\n').length - 1));
        });
        return { contents, loader: 'ts' };
      });
    },
  };
}
