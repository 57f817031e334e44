import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: root });

/** The arabic-script messages for `code` linted as if it were the file at `file` (relative to the repository). */
async function scriptErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result!.messages.filter((m) => m.ruleId === 'isnad/arabic-script').map((m) => m.message);
}

const RANGE = 'export const ARABIC = /[\\u0600-\\u06FF]/u;\n';

describe('the Arabic script lint (eslint/arabic-script.js)', () => {
  it('fails an Arabic range outside src/arabic, and allows it inside', async () => {
    expect(await scriptErrors('src/discord/x.ts', RANGE)).toEqual([
      'Arabic script rule outside src/arabic (has Arabic characters in a character class): move it into src/arabic and call it from there',
    ]);
    expect(await scriptErrors('src/arabic/x.ts', RANGE)).toEqual([]);
  });

  it('fails Arabic punctuation in a class, the Arabic script by name, RegExp strings and code point tables', async () => {
    const errors = await scriptErrors(
      'src/corpus/x.ts',
      [
        'export const clause = /[،؛]/;',
        'export const letters = /\\p{Script=Arabic}/u;',
        "export const built = new RegExp('[ء-ي]+', 'u');",
        'export const templated = new RegExp(`[\\u0660-\\u0669]`);',
        'export const isAlef = (c: number) => c === 0x0627;',
      ].join('\n'),
    );
    expect(errors).toHaveLength(5);
    expect(errors[1]).toContain('names the Arabic script');
    expect(errors[4]).toContain('code point 0x0627');
  });

  it('lets Arabic words, the byte-order mark and punctuation from src/arabic through', async () => {
    expect(
      await scriptErrors(
        'src/answering/x.ts',
        [
          "import { COMMAS } from '../arabic/index.ts';",
          'export const asksWhen = /(^|\\s)(متى|كم)(\\s|$)/;',
          'export const bom = (c: number) => c === 0xfeff;',
          'export const clause = new RegExp(`[${COMMAS}]`);',
        ].join('\n'),
      ),
    ).toEqual([]);
  });
});
