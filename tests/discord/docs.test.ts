// docs/discord.md is the generator's output from the real formatter: regenerate it
// (`npm run docs:discord`) whenever a reply changes, or this fails.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { discordDoc, DOC_PATH } from '../../scripts/docs/discord.ts';

describe('docs/discord.md', () => {
  it('is what `npm run docs:discord` writes from the current formatter', () => {
    expect(readFileSync(DOC_PATH, 'utf8')).toBe(discordDoc());
  });

  it('shows every reply kind', () => {
    const headings = discordDoc().match(/^### .+$/gm);
    expect(headings).toEqual(
      expect.arrayContaining([
        '### An answer',
        '### An uncertain answer',
        '### Not answered',
        '### A question in English',
        '### "More quotes"',
        '### A reply to a mention',
        '### The passages behind a question',
        '### The article list',
        '### Help',
      ]),
    );
  });
});
