// Slash commands and buttons end to end: the real bot (discord.js) and the real engine over the
// five articles, against the local fake Discord.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PermissionFlagsBits } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerEditOf, callbackOf, CORPUS_DIR, question, startHarness, type Harness } from './harness.ts';
import { visibleText } from './rendered-text.ts';

const SEED = 'في أي مدينة اجتمع رؤساء أركان جيوش تركيا وروسيا والولايات المتحدة؟';
const SEED_ARTICLE = '002_10ecb58a6e64aa15.txt';
const SEED_TITLE = 'اجتماع لقادة أركان الجيش التركي والروسي والأمريكي لتنسيق خطة عسكرية في سوريا';
const EPHEMERAL = 64;

const article = (id: string) => readFileSync(path.join(CORPUS_DIR, id), 'utf8');

/** The quotes of a rendered description, as the reader sees them. */
function quotesIn(description: string): string[] {
  return description
    .split('\n\n')
    .filter((block) => block.startsWith('> '))
    .map((block) => visibleText(block).replace(/^«/, '').replace(/»( …)? \[\d+\]$/, ''));
}

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ env: { RATE_LIMIT_PER_MINUTE: '1000' } });
});

afterAll(async () => {
  if (!h) return;
  expect(h.fake.mentionViolations).toEqual([]);
  expect(h.fake.limitViolations).toEqual([]);
  expect(h.fake.rejections).toEqual([]);
  expect(h.rawLogs()).not.toContain(h.config.discord.token);
  await h.stop();
});

describe('registration', () => {
  it('registers the six commands with exact names, bilingual descriptions and English localisations', () => {
    const registered = h.fake.commands.get(h.fake.guildId)!;
    expect(registered.map((c) => c.name).sort()).toEqual(['articles', 'ask', 'help', 'reindex', 'sources', 'summary']);
    for (const c of registered) {
      expect(c.description).toMatch(/^[\u0600-\u06FF].* — [A-Z]/);
      expect(c.description_localizations).toHaveProperty('en-US');
    }
    const ask = registered.find((c) => c.name === 'ask')!;
    expect((ask.options as Array<{ name: string }>).map((o) => o.name)).toEqual(['question', 'private', 'since', 'until', 'outlet']);
    const reindex = registered.find((c) => c.name === 'reindex')!;
    expect(reindex.default_member_permissions).toBe(PermissionFlagsBits.ManageGuild.toString());
  });
});

describe('/ask', () => {
  it('defers at once, then edits in quotes taken verbatim from the right article, with its source named', async () => {
    const { token } = await h.fake.sendCommand('ask', question(SEED));
    const edit = await answerEditOf(h.fake, token);
    expect(h.fake.messagesFor(token).map((r) => r.body?.type ?? r.method)).toEqual([5, 'PATCH']);
    const embed = h.fake.originalMessage(token)!.embeds[0] as { title: string; description: string; fields: Array<{ name: string; value: string }>; footer: { text: string } };
    expect(embed.title).toBe(SEED);
    const quotes = quotesIn(embed.description);
    expect(quotes.length).toBeGreaterThan(0);
    const text = article(SEED_ARTICLE);
    const antalya = quotes.find((q) => q.includes('أنطاليا'));
    expect(antalya).toBeDefined();
    expect(text).toContain(antalya);
    expect(embed.fields[0]!.name).toBe('المصادر');
    expect(embed.fields[0]!.value).toContain(SEED_TITLE);
    expect(embed.footer.text).toBe('بحثتُ في 5 مقالات');
    expect(edit.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
  });

  it('says plainly when the articles do not answer', async () => {
    const { token } = await h.fake.sendCommand('ask', question('ما هي عاصمة اليابان؟'));
    await answerEditOf(h.fake, token);
    const message = h.fake.originalMessage(token)!;
    const embed = message.embeds[0] as { description: string };
    expect(embed.description).toMatch(/^لا تجيب المقالات المتاحة عن هذا السؤال/);
    expect(embed.description).not.toContain('> ');
    // No "more quotes" for a refusal; feedback stays possible.
    const ids = (message.components as Array<{ components: Array<{ custom_id: string }> }>)[0]!.components.map((c) => c.custom_id);
    expect(ids.some((id) => id.startsWith('more:'))).toBe(false);
    expect(ids.filter((id) => id.startsWith('vote:'))).toHaveLength(2);
  });

  it('answers privately (ephemeral flag) when asked to', async () => {
    const { token } = await h.fake.sendCommand('ask', [...question(SEED), { name: 'private', type: 5, value: true }]);
    const ack = await callbackOf(h.fake, token);
    expect(ack.body).toEqual({ type: 5, data: { flags: EPHEMERAL } });
    await answerEditOf(h.fake, token);
    expect(h.fake.originalMessage(token)!.flags & EPHEMERAL).toBe(EPHEMERAL);
  });

  it('uses English around the quotes for an English question from an English client', async () => {
    const { token } = await h.fake.sendCommand('ask', question('Who is Gerasimov?'), { locale: 'en-GB' });
    await answerEditOf(h.fake, token);
    const embed = h.fake.originalMessage(token)!.embeds[0] as { footer: { text: string } };
    expect(embed.footer.text).toBe('Searched 5 articles');
  });

  it('asks for a question instead of answering a blank one', async () => {
    const { token } = await h.fake.sendCommand('ask', question('   '));
    const ack = await callbackOf(h.fake, token);
    expect(ack.body.type).toBe(4);
    expect(ack.body.data.flags).toBe(EPHEMERAL);
    expect(ack.body.data.content).toMatch(/^Please write a question/);
  });
});

describe('/sources, /summary, /articles, /help', () => {
  it('/sources lists the passages behind a question with their titles', async () => {
    const { token } = await h.fake.sendCommand('sources', question(SEED));
    await answerEditOf(h.fake, token);
    const embed = h.fake.originalMessage(token)!.embeds[0] as { fields: Array<{ name: string; value: string }> };
    expect(embed.fields.length).toBeGreaterThan(0);
    expect(embed.fields[0]!.name).toContain(SEED_TITLE);
    const shown = visibleText(embed.fields[0]!.value).replace(/^«/, '').replace(/»( …)?$/, '');
    const firstLine = shown.split('\n')[0]!;
    expect(article(SEED_ARTICLE)).toContain(firstLine);
  });

  it('/summary by article: autocomplete offers matching titles, then the summary quotes that article', async () => {
    const auto = await h.fake.sendCommand('summary', [{ name: 'article', type: 3, value: 'أركان', focused: true }], { autocomplete: true });
    const callback = await callbackOf(h.fake, auto.token);
    expect(callback.body.type).toBe(8);
    const choices = callback.body.data.choices as Array<{ name: string; value: string }>;
    expect(choices).toEqual([{ name: SEED_TITLE, value: SEED_ARTICLE }]);

    const everything = await h.fake.sendCommand('summary', [{ name: 'article', type: 3, value: '', focused: true }], { autocomplete: true });
    expect((await callbackOf(h.fake, everything.token)).body.data.choices).toHaveLength(5);

    const { token } = await h.fake.sendCommand('summary', [{ name: 'article', type: 3, value: choices[0]!.value }]);
    await answerEditOf(h.fake, token);
    const embed = h.fake.originalMessage(token)!.embeds[0] as { title: string; description: string };
    expect(embed.title).toBe(SEED_TITLE);
    const quotes = quotesIn(embed.description);
    expect(quotes.length).toBeGreaterThanOrEqual(3);
    for (const q of quotes) expect(article(SEED_ARTICLE)).toContain(q);
  });

  it('/summary by topic quotes several articles', async () => {
    const { token } = await h.fake.sendCommand('summary', [{ name: 'topic', type: 3, value: 'إدلب' }]);
    await answerEditOf(h.fake, token);
    const embed = h.fake.originalMessage(token)!.embeds[0] as { title: string; description: string; fields: Array<{ value: string }> };
    expect(embed.title).toBe('ملخص: إدلب');
    expect(quotesIn(embed.description).length).toBeGreaterThan(0);
    expect(embed.fields[0]!.value.split('\n').length).toBeGreaterThan(1);
  });

  it('/summary needs exactly one of article and topic', async () => {
    const { token } = await h.fake.sendCommand('summary', []);
    const ack = await callbackOf(h.fake, token);
    expect(ack.body).toMatchObject({ type: 4, data: { flags: EPHEMERAL } });
    expect(ack.body.data.content).toContain('topic');
  });

  it('/summary with a title nobody has says so', async () => {
    const { token } = await h.fake.sendCommand('summary', [{ name: 'article', type: 3, value: 'مقال غير موجود @everyone' }]);
    await answerEditOf(h.fake, token);
    expect(h.fake.originalMessage(token)!.content).toContain('لا يوجد مقال يطابق «مقال غير موجود @\u200Beveryone»');
  });

  it('/articles lists the five articles with title and outlet', async () => {
    const { token } = await h.fake.sendCommand('articles', [], { locale: 'en-US' });
    const ack = await callbackOf(h.fake, token);
    expect(ack.body.type).toBe(4);
    const embed = ack.body.data.embeds[0] as { title: string; fields: Array<{ name: string; value: string }> };
    expect(embed.title).toBe('Articles (5)');
    expect(embed.fields.map((f) => f.name)).toContain(SEED_TITLE);
    expect(embed.fields.find((f) => f.name === SEED_TITLE)!.value).toMatch(/^outlet not named · /);
    expect(embed.fields.some((f) => f.value.startsWith('الشرق الأوسط'))).toBe(true);
  });

  it('/articles and /sources keep to the outlet and days asked for; a day that is not one is explained privately', async () => {
    const outlet = [{ name: 'outlet', type: 3, value: 'الشرق الاوسط' }];
    const listed = await callbackOf(h.fake, (await h.fake.sendCommand('articles', outlet, { locale: 'en-US' })).token);
    expect((listed.body.data.embeds[0] as { title: string }).title).toBe('Articles (2)');
    const sources = await h.fake.sendCommand('sources', [...question(SEED), ...outlet]);
    await answerEditOf(h.fake, sources.token);
    expect(JSON.stringify(h.fake.originalMessage(sources.token))).not.toContain(SEED_TITLE);
    const bad = await callbackOf(h.fake, (await h.fake.sendCommand('ask', [...question(SEED), { name: 'since', type: 3, value: '2017-02-30' }], { locale: 'en-US' })).token);
    expect(bad.body.data.flags).toBe(EPHEMERAL);
    expect(bad.body.data.content).toMatch(/since must be a day written YYYY-MM-DD/);
  });

  it('/help explains the bot privately', async () => {
    const { token } = await h.fake.sendCommand('help', [], { locale: 'en-US' });
    const ack = await callbackOf(h.fake, token);
    expect(ack.body).toMatchObject({ type: 4, data: { flags: EPHEMERAL } });
    expect(ack.body.data.embeds[0].description).toContain('word for word');
  });
});

describe('buttons', () => {
  it('"more quotes" edits the answer with new quotes, then disables itself when there are no more', async () => {
    const asked = 'من هو المتحدث باسم حزب العدالة والتنمية؟';
    const { token } = await h.fake.sendCommand('ask', question(asked));
    await answerEditOf(h.fake, token);
    const message = h.fake.originalMessage(token)!;
    const first = quotesIn((message.embeds[0] as { description: string }).description);
    const moreId = () => (h.fake.message(message.id)!.components as Array<{ components: Array<{ custom_id: string; disabled?: boolean }> }>)[0]!.components[0]!;
    expect(moreId().custom_id).toMatch(/^more:/);

    const click = await h.fake.sendButton(moreId().custom_id, message.id);
    await answerEditOf(h.fake, click.token);
    expect(h.fake.messagesFor(click.token).map((r) => r.body?.type ?? r.method)).toEqual([6, 'PATCH']);
    const second = quotesIn((h.fake.message(message.id)!.embeds[0] as { description: string }).description);
    expect(second.length).toBeGreaterThan(0);
    for (const q of second) expect(first).not.toContain(q);
    expect(moreId().disabled).toBe(false);

    // Keep asking for more until the engine has nothing new: the button then disables itself.
    const seen = [...first, ...second];
    let previous = second;
    for (let click = 0; click < 10 && !moreId().disabled; click++) {
      const next = await h.fake.sendButton(moreId().custom_id, message.id);
      await answerEditOf(h.fake, next.token);
      const now = quotesIn((h.fake.message(message.id)!.embeds[0] as { description: string }).description);
      if (moreId().disabled) {
        expect(now).toEqual(previous);
        break;
      }
      for (const q of now) expect(seen).not.toContain(q);
      seen.push(...now);
      previous = now;
    }
    expect(moreId().disabled).toBe(true);
  });

  it('👍 / 👎 append the question, the quotes shown and a hash of the user (never the id) to feedback.jsonl', async () => {
    const { token } = await h.fake.sendCommand('ask', question(SEED), { userId: '123456789012345678' });
    await answerEditOf(h.fake, token);
    const message = h.fake.originalMessage(token)!;
    const voteUp = (message.components as Array<{ components: Array<{ custom_id: string }> }>)[0]!.components.find((c) => c.custom_id.startsWith('vote:up:'))!;
    const vote = await h.fake.sendButton(voteUp.custom_id, message.id, { userId: '123456789012345678' });
    const ack = await callbackOf(h.fake, vote.token);
    expect(ack.body).toMatchObject({ type: 4, data: { flags: EPHEMERAL } });

    const file = path.join(h.dataDir, 'feedback.jsonl');
    const line = await h.fake.waitFor(() => {
      try {
        return readFileSync(file, 'utf8').trim().split('\n').at(-1);
      } catch {
        return undefined;
      }
    }, 5000, 'feedback.jsonl');
    const record = JSON.parse(line) as { vote: string; question: string; user: string; quotes: Array<{ articleId: string; start: number; end: number }> };
    expect(record.vote).toBe('up');
    expect(record.question).toBe(SEED);
    expect(record.user).toMatch(/^[0-9a-f]{64}$/);
    expect(readFileSync(file, 'utf8')).not.toContain('123456789012345678');
    const text = article(SEED_ARTICLE);
    const fromSeed = record.quotes.find((q) => q.articleId === SEED_ARTICLE)!;
    expect(text.slice(fromSeed.start, fromSeed.end)).toContain('أنطاليا');
  });

  it('a button whose answer is no longer remembered gets a clear private message', async () => {
    const { token } = await h.fake.sendCommand('ask', question(SEED));
    await answerEditOf(h.fake, token);
    const click = await h.fake.sendButton('more:forgotten-key', h.fake.originalMessage(token)!.id);
    const ack = await callbackOf(h.fake, click.token);
    expect(ack.body).toMatchObject({ type: 4, data: { flags: EPHEMERAL } });
    expect(ack.body.data.content).toMatch(/too old .* please ask again/);
  });
});

describe('/reindex', () => {
  it('is for Manage Server only, builds a new engine and swaps it in; questions keep working', async () => {
    const before = h.bot.context.engine();
    const { token } = await h.fake.sendCommand('reindex', [], { memberPermissions: PermissionFlagsBits.ManageGuild.toString() });
    const ack = await callbackOf(h.fake, token);
    expect(ack.body).toEqual({ type: 5, data: { flags: EPHEMERAL } });
    await answerEditOf(h.fake, token, 10_000);
    expect(h.fake.originalMessage(token)!.content).toMatch(/5 articles/);
    expect(h.bot.context.engine()).not.toBe(before);

    const asked = await h.fake.sendCommand('ask', question(SEED));
    await answerEditOf(h.fake, asked.token);
    expect(quotesIn((h.fake.originalMessage(asked.token)!.embeds[0] as { description: string }).description).join(' ')).toContain('أنطاليا');
  });
});
