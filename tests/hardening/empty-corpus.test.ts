// An empty corpus folder: `isnad index` says so plainly; the bot still starts, and /articles, /ask,
// /sources, /summary and a mention all say that there are no articles (rather than "the articles do
// not answer this question", which suggests there were some).

import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import type { RecordedRequest } from '../fake-discord/server.ts';
import { answerEditOf, callbackOf, question, startHarness, type Harness } from '../discord/harness.ts';
import { visibleText } from '../discord/rendered-text.ts';
import { TempDirs } from '../helpers/fixtures.ts';

const NO_ARTICLES_EN = 'The corpus has no articles yet.';
const NO_ARTICLES_AR = 'لا توجد مقالات في المجموعة بعد.';

const temp = new TempDirs();
let emptyCorpus = '';

beforeAll(async () => {
  emptyCorpus = path.join(await temp.make('empty'), 'corpus');
  await mkdir(emptyCorpus);
});

afterAll(() => temp.removeAll());

async function cli(...argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

describe('isnad over an empty corpus folder', () => {
  it('index: builds an empty index and says on stderr that the folder holds no readable article', async () => {
    const indexDir = path.join(await temp.make('empty-index'), 'embeddings');
    const common = ['--corpus', emptyCorpus, '--index-dir', indexDir, '--embedder', 'builtin'];
    const { code, out, err } = await cli('index', ...common);
    expect(code).toBe(0);
    expect(out).toEqual([expect.stringMatching(/^index built: 0 articles, 0 chunks, 0 embedded, /)]);
    expect(err).toEqual([`the corpus folder ${emptyCorpus} holds no readable article (.txt or .md): every question will go unanswered`]);

    // A question over it is refused, not an error, and the warning is repeated.
    const asked = await cli('ask', 'من هو رئيس الأركان الروسي؟', '--json', ...common);
    expect(asked.code).toBe(0);
    expect(JSON.parse(asked.out[0]!)).toMatchObject({ status: 'not_found', quotes: [], sources: [], passages: [] });
    expect(asked.err.join('\n')).toContain('holds no readable article');
  });
});

describe('the bot over an empty corpus folder', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ corpusDir: emptyCorpus, env: { RATE_LIMIT_PER_MINUTE: '1000' } });
  });

  afterAll(async () => {
    await h?.stop();
  });

  /** The description of the (only) embed of an interaction's answer. */
  async function answerText(token: string): Promise<string> {
    await answerEditOf(h.fake, token);
    const embeds = h.fake.originalMessage(token)!.embeds as Array<{ description?: string }>;
    expect(embeds).toHaveLength(1);
    return visibleText(embeds[0]!.description ?? '');
  }

  it('starts, connected to Discord, with an engine of 0 articles', () => {
    expect(h.fake.connected).toBe(true);
    expect(h.engine.articleCount).toBe(0);
    expect(h.logs.some((l) => l.msg === 'connected to Discord' && l.articles === 0)).toBe(true);
  });

  it('/articles says the corpus has no articles', async () => {
    const { token } = await h.fake.sendCommand('articles');
    const ack = await callbackOf(h.fake, token);
    const embed = (ack.body as { data: { embeds: Array<{ title: string; description?: string; fields?: unknown[] }> } }).data.embeds[0]!;
    expect(visibleText(embed.title)).toBe('المقالات: 0 مقال');
    expect(visibleText(embed.description!)).toBe(NO_ARTICLES_AR);
    expect(embed.fields).toBeUndefined();
  });

  it('/ask says the corpus has no articles, in the language of the question', async () => {
    const arabic = await h.fake.sendCommand('ask', question('من هو رئيس الأركان الروسي؟'));
    expect(await answerText(arabic.token)).toBe(NO_ARTICLES_AR);
    const english = await h.fake.sendCommand('ask', question('Who is the Russian chief of staff?'));
    expect(await answerText(english.token)).toBe(NO_ARTICLES_EN);
  });

  it('/sources and /summary with a topic say so too', async () => {
    const sources = await h.fake.sendCommand('sources', question('Who is the Russian chief of staff?'));
    expect(await answerText(sources.token)).toBe(NO_ARTICLES_EN);
    const arabicSources = await h.fake.sendCommand('sources', question('من هو رئيس الأركان الروسي؟'));
    expect(await answerText(arabicSources.token)).toBe(NO_ARTICLES_AR);
    const summary = await h.fake.sendCommand('summary', [{ name: 'topic', type: 3, value: 'قاعدة إنجرليك' }]);
    expect(await answerText(summary.token)).toBe(NO_ARTICLES_AR);
  });

  it('a mention with a question says so too', async () => {
    const sent = await h.fake.sendMessage('من هو رئيس الأركان الروسي؟', { mentionsBot: true });
    const reply: RecordedRequest = await h.fake.waitForRequest(
      (r) => r.method === 'POST' && (r.body as { message_reference?: { message_id?: string } })?.message_reference?.message_id === sent.id,
    );
    expect(visibleText((reply.body as { embeds: Array<{ description: string }> }).embeds[0]!.description)).toBe(NO_ARTICLES_AR);
  });

  it('nothing was refused by Discord, broke a limit or failed', () => {
    expect(h.fake.rejections).toEqual([]);
    expect(h.fake.limitViolations).toEqual([]);
    expect(h.fake.mentionViolations).toEqual([]);
    expect(h.logs.filter((l) => (l.level as number) >= 50)).toEqual([]);
  });
});
