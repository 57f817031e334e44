import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: root });

/** The stage-order messages for `code` linted as if it were the file at `file` (relative to the repository). */
async function stageErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result!.messages.filter((m) => m.ruleId === 'isnad/stage-order').map((m) => m.message);
}

describe('the stage order lint (eslint/stage-order.js)', () => {
  it('lets a stage import the public surface of an earlier stage, its own files and the shared config', async () => {
    expect(
      await stageErrors(
        'src/cli/commands/x.ts',
        "import { Engine } from '../../engine/index.ts';\nimport { UsageError } from '../context.ts';\nimport type { Config } from '../../config.ts';\nexport { Engine, UsageError };\nexport type { Config };\n",
      ),
    ).toEqual([]);
    expect(await stageErrors('src/store/x.ts', "export { analyze } from '../arabic/index.ts';\n")).toEqual([]);
  });

  it("fails an import of another stage's internals, static or dynamic", async () => {
    const errors = await stageErrors(
      'src/cli/x.ts',
      "import { evaluate } from '../evaluation/run.ts';\nexport const load = () => import('../embedding/transformers-embedder.ts');\nexport { evaluate };\n",
    );
    expect(errors).toEqual([
      'src/cli may not import src/evaluation/run.ts, inside another stage: import src/evaluation/index.ts, its public surface',
      'src/cli may not import src/embedding/transformers-embedder.ts, inside another stage: import src/embedding/index.ts, its public surface',
    ]);
  });

  it('fails an import of a later stage, or of a sibling', async () => {
    expect(await stageErrors('src/corpus/x.ts', "export { chunkArticle } from '../chunking/index.ts';\n")).toEqual([
      expect.stringMatching(
        /^src\/corpus may not import src\/chunking\/index.ts: a stage imports only the stages before it \(arabic → corpus → /,
      ),
    ]);
    expect(await stageErrors('src/discord/x.ts', "export { main } from '../cli/main.ts';\n")).toHaveLength(1);
    expect(await stageErrors('src/config.ts', "export { Engine } from './engine/index.ts';\n")).toEqual([
      'src/config.ts is shared by every stage and may not import src/engine/index.ts',
    ]);
  });
});
