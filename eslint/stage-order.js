// The pipeline's stage order as a lint rule: a module in src/<stage>/ may import its own stage,
// the shared modules at the top of src/ (config.ts), and the public surface (index.ts) of the
// stages before it — nothing of a later stage, nothing inside another stage. Dynamic import()
// is checked too, which `no-restricted-imports` does not do.
import path from 'node:path';

/** Stages in the order of the data's journey; an inner array is a rank of siblings (neither may import the other). */
export const STAGES = [
  'arabic',
  'corpus',
  'ingestion',
  'chunking',
  'embedding',
  'store',
  'retrieval',
  'answering',
  'engine',
  'evaluation',
  ['cli', 'discord'],
];

const RANK = new Map(STAGES.flatMap((entry, rank) => (Array.isArray(entry) ? entry : [entry]).map((stage) => [stage, rank])));
const ORDER = STAGES.map((entry) => (Array.isArray(entry) ? entry.join(' | ') : entry)).join(' → ');

/** The stage of a file under srcRoot: its first folder, or null for a shared module at the top of src/. */
function stageOf(srcRoot, file) {
  const relative = path.relative(srcRoot, file);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
  const parts = relative.split(path.sep);
  return parts.length === 1 ? null : parts[0];
}

export default {
  meta: {
    type: 'problem',
    docs: { description: 'each stage of src/ imports only the public index.ts of the stages before it' },
    schema: [],
  },
  create(context) {
    const srcRoot = path.join(context.cwd, 'src');
    const file = context.filename;
    const from = stageOf(srcRoot, file);
    if (from === undefined) return {};

    function check(node, specifier) {
      if (typeof specifier !== 'string' || !specifier.startsWith('.')) return;
      const target = path.resolve(path.dirname(file), specifier);
      const to = stageOf(srcRoot, target);
      if (to === undefined || to === from) return;
      const shown = path.relative(context.cwd, target).split(path.sep).join('/');
      const fromName = from === null ? path.relative(context.cwd, file) : `src/${from}`;
      if (to === null) return; // a shared module at the top of src/
      if (from === null) {
        context.report({ node, message: `${fromName} is shared by every stage and may not import ${shown}` });
      } else if (!RANK.has(from) || !RANK.has(to)) {
        context.report({
          node,
          message: `src/${!RANK.has(from) ? from : to} is not a stage of eslint/stage-order.js: add it where it belongs in ${ORDER}`,
        });
      } else if (RANK.get(to) >= RANK.get(from)) {
        context.report({ node, message: `${fromName} may not import ${shown}: a stage imports only the stages before it (${ORDER})` });
      } else if (path.relative(srcRoot, target) !== path.join(to, 'index.ts')) {
        context.report({
          node,
          message: `${fromName} may not import ${shown}, inside another stage: import src/${to}/index.ts, its public surface`,
        });
      }
    }

    return {
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
    };
  },
};
