// Slash commands and buttons end to end: the real bot (discord.js) and the real engine over the
// five articles, against the local fake Discord, from a client set to en-US (Discord has no
// Arabic locale): every reply is in Arabic all the same.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PermissionFlagsBits } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { directionProblems } from './bidi-check.ts';
import { answerEditOf, callbackOf, CORPUS_DIR, question, startHarness, type Harness } from './harness.ts';
import { boldIn, citedTitles, sentMessages, type Embed, type Row } from './payloads.ts';
import { visibleText } from './rendered-text.ts';

const SEED = 'في أي مدينة اجتمع رؤساء أركان جيوش تركيا وروسيا والولايات المتحدة؟';
const SEED_ARTICLE = '002_10ecb58a6e64aa15.txt';
const SEED_TITLE = 'اجتماع لقادة أركان الجيش التركي والروسي والأمريكي لتنسيق خطة عسكرية في سوريا';
const EPHEMERAL = 64;
const EN_US = { locale: 'en-US' };
/** Letters of Latin script: an Arabic interface shows none outside quotes, titles and commands. */
const LATIN_WORD = /\b(?!ask\b|sources\b|summary\b|articles\b|help\b|article\b|topic\b)[A-Za-z]{3,}/;

const article = (id: string) => readFileSync(path.join(CORPUS_DIR, id), 'utf8');

/** The quote blocks of a rendered description, as the reader sees them. */
function quotesIn(description: string): string[] {
  return description
    .split('\n\n')
    .filter((block) => block.startsWith('> '))
    .map((block) =>
      visibleText(block.replace(/^> -# /gm, '> '))
        .replace(/\*\*/g, '')
        .replace(/^«/, '')
        .replace(/»( …)? \[\d+\]$/, ''),
    );
}

function embedOf(message: { embeds: unknown[] } | undefined): Embed {
  return message!.embeds[0] as Embed;
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
  it('registers the six commands with exact names and Arabic descriptions for every client', () => {
    const registered = h.fake.commands.get(h.fake.guildId)!;
    expect(registered.map((c) => c.name).sort()).toEqual(['articles', 'ask', 'help', 'reindex', 'sources', 'summary']);
    for (const c of registered) {
      expect(c.description).toMatch(/^[\u0600-\u06FF]/);
      expect(c.description).not.toMatch(/[A-Za-z]/);
      for (const o of (c.options ?? []) as Array<{ description: string }>)
        expect(o.description.replace('YYYY-MM-DD', '')).not.toMatch(/[A-Za-z]/);
      // An en-US client (an Arabic speaker's, usually) must not get English-only descriptions.
      expect(c.description_localizations ?? {}).toEqual({});
      for (const o of (c.options ?? []) as Array<{ description_localizations?: object }>)
        expect(o.description_localizations ?? {}).toEqual({});
    }
    const ask = registered.find((c) => c.name === 'ask')!;
    expect((ask.options as Array<{ name: string }>).map((o) => o.name)).toEqual(['question', 'private', 'since', 'until', 'outlet']);
    const reindex = registered.find((c) => c.name === 'reindex')!;
    expect(reindex.default_member_permissions).toBe(PermissionFlagsBits.ManageGuild.toString());
  });
});

describe('/ask', () => {
  it('defers, then answers in Arabic to an en-US client: the first quote first, verbatim from the right article', async () => {
    const { token } = await h.fake.sendCommand('ask', question(SEED), EN_US);
    const edit = await answerEditOf(h.fake, token);
    expect(h.fake.messagesFor(token).map((r) => r.body?.type ?? r.method)).toEqual([5, 'PATCH']);
    const message = h.fake.originalMessage(token)!;
    const embed = embedOf(message);
    expect(visibleText(embed.title!)).toBe(SEED);
    const blocks = embed.description.split('\n\n');
    // The first quote is full size; any further ones are small text under "more context".
    expect(blocks[0]!.startsWith('> \u200F\u2067«')).toBe(true);
    if (blocks.length > 1) {
      expect(visibleText(blocks[1]!)).toBe('-# سياق إضافي');
      for (const block of blocks.slice(2)) expect(block.startsWith('> -# ')).toBe(true);
    }
    const quotes = quotesIn(embed.description);
    expect(quotes[0]).toContain('أنطاليا');
    expect(article(SEED_ARTICLE)).toContain(quotes[0]);
    expect(visibleText(embed.fields![0]!.name)).toBe('المصادر');
    expect(citedTitles(embed.fields![0]!.value).get(SEED_TITLE)).toBe(1);
    expect(visibleText(embed.fields![0]!.value).split('\n')).toContain(`[1] ${SEED_TITLE}`);
    expect(visibleText(embed.footer!.text)).toMatch(/^بحثتُ في 5 مقالات · الثقة: \d+%$/);
    const labels = (message.components as Row[])[0]!.components.map((c) => c.label).filter(Boolean);
    expect(labels).toEqual(['المزيد من الاقتباسات']);
    expect(edit.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(directionProblems(message as never)).toEqual([]);
  });

  it('puts the engine’s highlight in bold inside the first quote, and nowhere else', async () => {
    const answer = await h.engine.ask(SEED);
    const { token } = await h.fake.sendCommand('ask', question(SEED), EN_US);
    await answerEditOf(h.fake, token);
    const [first, ...rest] = embedOf(h.fake.originalMessage(token)).description.split('\n\n');
    expect(rest.flatMap(boldIn)).toEqual([]);
    const highlight = answer.quotes[0]!.highlight;
    if (highlight === null) {
      // The engine marks no answer words yet (issue 9): the first quote still comes first, at full size.
      expect(boldIn(first!)).toEqual([]);
    } else {
      const marked = article(answer.quotes[0]!.articleId).slice(highlight.start, highlight.end).trim();
      expect(
        boldIn(first!)
          .map((b) => visibleText(b))
          .join(' '),
      ).toContain(marked);
    }
  });

  it('says plainly in Arabic when the articles do not answer, with the closest articles and /articles', async () => {
    const { token } = await h.fake.sendCommand('ask', question('ما هي عاصمة اليابان؟'), EN_US);
    await answerEditOf(h.fake, token);
    const message = h.fake.originalMessage(token)!;
    const embed = embedOf(message);
    expect(visibleText(embed.description)).toMatch(/^لا تجيب المقالات المتاحة عن هذا السؤال/);
    expect(embed.description).toContain('`/articles`');
    expect(embed.description).not.toContain('> ');
    // No "more quotes" for a refusal; feedback stays possible.
    const ids = (message.components as Row[])[0]!.components.map((c) => c.custom_id);
    expect(ids.some((id) => id.startsWith('more:'))).toBe(false);
    expect(ids.filter((id) => id.startsWith('vote:'))).toHaveLength(2);
  });

  it('answers privately (ephemeral flag) when asked to', async () => {
    const { token } = await h.fake.sendCommand('ask', [...question(SEED), { name: 'private', type: 5, value: true }], EN_US);
    const ack = await callbackOf(h.fake, token);
    expect(ack.body).toEqual({ type: 5, data: { flags: EPHEMERAL } });
    await answerEditOf(h.fake, token);
    expect(h.fake.originalMessage(token)!.flags & EPHEMERAL).toBe(EPHEMERAL);
  });

  it('tells an English question honestly that the articles are Arabic and to ask in Arabic', async () => {
    const { token } = await h.fake.sendCommand('ask', question('Where did the chiefs of staff meet?'), EN_US);
    await answerEditOf(h.fake, token);
    const message = h.fake.originalMessage(token)!;
    const embed = embedOf(message);
    expect(embed.title).toBe('Where did the chiefs of staff meet?');
    expect(embed.description).toMatch(/^The articles are in Arabic.*Please ask in Arabic, for example: من هو/);
    expect(embed.description).not.toMatch(/do not answer/);
    expect(message.components ?? []).toEqual([]);
  });

  it('asks for a question, in Arabic, instead of answering a blank one', async () => {
    const { token } = await h.fake.sendCommand('ask', question('   '), EN_US);
    const ack = await callbackOf(h.fake, token);
    expect(ack.body.type).toBe(4);
    expect(ack.body.data.flags).toBe(EPHEMERAL);
    expect(visibleText(ack.body.data.content)).toMatch(/^اكتب سؤالًا/);
  });
});

describe('/sources, /summary, /articles, /help', () => {
  it('/sources fits on one screen: at most five passages, a sentence or two each, numbered as /ask numbers them', async () => {
    const asked = await h.fake.sendCommand('ask', question(SEED), EN_US);
    await answerEditOf(h.fake, asked.token);
    const askNumbers = citedTitles(
      embedOf(h.fake.originalMessage(asked.token))
        .fields!.map((f) => f.value)
        .join('\n'),
    );

    const { token } = await h.fake.sendCommand('sources', question(SEED), EN_US);
    await answerEditOf(h.fake, token);
    const message = h.fake.originalMessage(token)!;
    const embed = embedOf(message);
    expect(embed.fields ?? []).toEqual([]);
    const lines = embed.description.split('\n');
    expect(visibleText(lines[0]!)).toBe('المقاطع التي يستند إليها الجواب، أقرب جملها إلى سؤالك:');
    const excerpts = lines.filter((l) => l.startsWith('> '));
    expect(excerpts.length).toBeGreaterThan(0);
    expect(excerpts.length).toBeLessThanOrEqual(5);
    expect(visibleText(embed.description).length).toBeLessThan(2000);
    const sourceNumbers = citedTitles(embed.description);
    expect(sourceNumbers.get(SEED_TITLE)).toBe(askNumbers.get(SEED_TITLE));
    for (const [title, n] of askNumbers) if (sourceNumbers.has(title)) expect(sourceNumbers.get(title)).toBe(n);
    // Each excerpt is verbatim from the corpus, and no passage is listed twice.
    const corpus = readdirSync(CORPUS_DIR).map(article).join('\n');
    const texts = excerpts.map((e) =>
      visibleText(e)
        .replace(/^(… )?«/, '')
        .replace(/»( …)?$/, ''),
    );
    for (const t of texts) expect(corpus).toContain(t);
    expect(new Set(texts).size).toBe(texts.length);
    expect(directionProblems(message as never)).toEqual([]);
  });

  it('/summary by article, picked from the suggestions, answers in Arabic (the file name is no language)', async () => {
    const auto = await h.fake.sendCommand('summary', [{ name: 'article', type: 3, value: 'أركان', focused: true }], {
      autocomplete: true,
      ...EN_US,
    });
    const callback = await callbackOf(h.fake, auto.token);
    expect(callback.body.type).toBe(8);
    const choices = callback.body.data.choices as Array<{ name: string; value: string }>;
    expect(choices).toEqual([{ name: SEED_TITLE, value: SEED_ARTICLE }]);

    const everything = await h.fake.sendCommand('summary', [{ name: 'article', type: 3, value: '', focused: true }], {
      autocomplete: true,
    });
    expect((await callbackOf(h.fake, everything.token)).body.data.choices).toHaveLength(5);

    const { token } = await h.fake.sendCommand('summary', [{ name: 'article', type: 3, value: choices[0]!.value }], EN_US);
    await answerEditOf(h.fake, token);
    const embed = embedOf(h.fake.originalMessage(token));
    expect(visibleText(embed.title!)).toBe(SEED_TITLE);
    const quotes = quotesIn(embed.description);
    expect(quotes.length).toBeGreaterThanOrEqual(3);
    for (const q of quotes) expect(article(SEED_ARTICLE)).toContain(q);
    expect(visibleText(embed.fields![0]!.name)).toBe('المصادر');
    expect(visibleText(embed.fields![0]!.value).split('\n')).toContain(`[1] ${SEED_TITLE}`);
    expect(visibleText(embed.footer!.text)).toBe('بحثتُ في 5 مقالات');
  });

  it('/summary by topic quotes several articles', async () => {
    const { token } = await h.fake.sendCommand('summary', [{ name: 'topic', type: 3, value: 'إدلب' }], EN_US);
    await answerEditOf(h.fake, token);
    const embed = embedOf(h.fake.originalMessage(token));
    expect(visibleText(embed.title!)).toBe('ملخص: إدلب');
    expect(quotesIn(embed.description).length).toBeGreaterThan(0);
    expect(embed.fields![0]!.value.split('\n').length).toBeGreaterThan(1);
  });

  it('/summary needs exactly one of article and topic', async () => {
    const { token } = await h.fake.sendCommand('summary', [], EN_US);
    const ack = await callbackOf(h.fake, token);
    expect(ack.body).toMatchObject({ type: 4, data: { flags: EPHEMERAL } });
    expect(ack.body.data.content).toContain('topic');
    expect(visibleText(ack.body.data.content)).toMatch(/^اختر مقالًا/);
  });

  it('/summary with a title nobody has says so', async () => {
    const { token } = await h.fake.sendCommand('summary', [{ name: 'article', type: 3, value: 'مقال غير موجود @everyone' }]);
    await answerEditOf(h.fake, token);
    expect(h.fake.originalMessage(token)!.content).toContain('@\u200B');
    expect(visibleText(h.fake.originalMessage(token)!.content)).toContain('لا يوجد مقال يطابق «مقال غير موجود @everyone»');
  });

  it('/articles lists the five articles in Arabic rows `title` / `outlet · date`, no chunk counts, no file names', async () => {
    const { token } = await h.fake.sendCommand('articles', [], EN_US);
    const ack = await callbackOf(h.fake, token);
    expect(ack.body.type).toBe(4);
    const embed = ack.body.data.embeds[0] as Embed;
    expect(visibleText(embed.title!)).toBe('المقالات: 5 مقالات');
    const rows = embed.description.split('\n\n').map((row) => row.split('\n').map((l) => visibleText(l).replace(/\*\*/g, '')));
    expect(rows).toHaveLength(5);
    const seed = rows.find(([title]) => title === SEED_TITLE)!;
    // Neither outlet nor date known: the title alone (an internal chunk count means nothing to a reader).
    expect(seed).toEqual([SEED_TITLE]);
    expect(rows.some(([, details]) => details === '-# «الشرق الأوسط»')).toBe(true);
    expect(embed.description).not.toMatch(/مقاطع|مقطع/);
    expect(embed.description).not.toContain('.txt');
    expect(ack.body.data.components ?? []).toEqual([]);
  });

  it('/articles and /sources keep to the outlet and days asked for; a day that is not one is explained privately', async () => {
    const outlet = [{ name: 'outlet', type: 3, value: 'الشرق الاوسط' }];
    const listed = await callbackOf(h.fake, (await h.fake.sendCommand('articles', outlet, EN_US)).token);
    const rows = (listed.body.data.embeds[0] as Embed).description.split('\n\n').map((row) => row.split('\n').map((l) => visibleText(l)));
    expect(rows).toHaveLength(2);
    for (const [, details] of rows) expect(details).toBe('-# «الشرق الأوسط»');
    const sources = await h.fake.sendCommand('sources', [...question(SEED), ...outlet]);
    await answerEditOf(h.fake, sources.token);
    expect(JSON.stringify(h.fake.originalMessage(sources.token))).not.toContain(SEED_TITLE);
    const bad = await callbackOf(
      h.fake,
      (await h.fake.sendCommand('ask', [...question(SEED), { name: 'since', type: 3, value: '2017-02-30' }], EN_US)).token,
    );
    expect(bad.body.data.flags).toBe(EPHEMERAL);
    expect(bad.body.data.content).toMatch(/since must be a day written YYYY-MM-DD/);
  });

  it('/help explains the bot privately in Arabic, saying the built-in embedder matches words, not meaning', async () => {
    const { token } = await h.fake.sendCommand('help', [], EN_US);
    const ack = await callbackOf(h.fake, token);
    expect(ack.body).toMatchObject({ type: 4, data: { flags: EPHEMERAL } });
    const description = visibleText(ack.body.data.embeds[0].description);
    expect(description).toContain('حرفيًا');
    expect(description).toContain('لا أفهم المعنى');
    expect(description).not.toContain('بمعناه');
    expect(description.replace(/`[^`]*`/g, '')).not.toMatch(LATIN_WORD);
  });
});

describe('buttons', () => {
  const moreButton = (messageId: string) => (h.fake.message(messageId)!.components as Row[])[0]!.components[0]!;

  it('"more quotes" adds a follow-up that says it continues the answer and keeps the numbers; the answer stays as it was', async () => {
    const asked = 'من هو المتحدث باسم حزب العدالة والتنمية؟';
    const { token } = await h.fake.sendCommand('ask', question(asked), EN_US);
    await answerEditOf(h.fake, token);
    const original = h.fake.originalMessage(token)!;
    const before = JSON.stringify(original);
    const first = quotesIn(embedOf(original).description);
    const firstNumbers = citedTitles(
      embedOf(original)
        .fields!.map((f) => f.value)
        .join('\n'),
    );
    expect(moreButton(original.id).custom_id).toMatch(/^more:/);

    const click = await h.fake.sendButton(moreButton(original.id).custom_id, original.id, EN_US);
    await h.fake.waitFor(() => h.fake.followUps(click.token)[0], 5000, 'the follow-up');
    expect(h.fake.messagesFor(click.token).map((r) => r.body?.type ?? r.method)).toEqual([6, 'POST']);
    expect(JSON.stringify(h.fake.message(original.id))).toBe(before);
    const followUp = h.fake.followUps(click.token)[0]!;
    expect(followUp.flags & EPHEMERAL).toBe(0);
    const embed = embedOf(followUp);
    expect(visibleText(embed.title!)).toBe(`تتمة الجواب: ${asked}`);
    const second = quotesIn(embed.description);
    expect(second.length).toBeGreaterThan(0);
    for (const q of second) expect(first).not.toContain(q);
    const secondNumbers = citedTitles(embed.fields!.map((f) => f.value).join('\n'));
    for (const [title, n] of secondNumbers) {
      if (firstNumbers.has(title)) expect(n).toBe(firstNumbers.get(title));
      else expect(n).toBeGreaterThan(Math.max(...firstNumbers.values()));
    }
    expect(directionProblems(followUp as never)).toEqual([]);

    // Keep asking from the follow-up: every press adds new quotes, and the message with the last of
    // them already has its button disabled — no press ever finds nothing.
    const seen = [...first, ...second];
    let from = followUp;
    for (let n = 0; n < 40 && !moreButton(from.id).disabled; n++) {
      const next = await h.fake.sendButton(moreButton(from.id).custom_id, from.id);
      const done = await h.fake.waitForRequest(
        (r) =>
          r.path.includes(next.token) && (r.method === 'POST' || r.method === 'PATCH') && !r.path.endsWith('/callback') && r.status === 200,
      );
      expect(done.method).toBe('POST');
      const added = h.fake.followUps(next.token)[0]!;
      const now = quotesIn(embedOf(added).description);
      expect(now.length).toBeGreaterThan(0);
      for (const q of now) expect(seen).not.toContain(q);
      seen.push(...now);
      from = added;
    }
    expect(moreButton(from.id).disabled).toBe(true);
    expect(moreButton(from.id).label).toBe('لا مزيد من الاقتباسات');
    expect(JSON.stringify(h.fake.message(original.id))).toBe(before);
  });

  it('"more quotes" after a how-many answer offers further passages, never styled as the answer', async () => {
    const asked = 'كم عدد الجنود الأمريكيين في سوريا؟';
    const { token } = await h.fake.sendCommand('ask', question(asked));
    await answerEditOf(h.fake, token);
    const original = h.fake.originalMessage(token)!;
    expect(embedOf(original).color).toBe(0x2f7d6d);
    expect(boldIn(embedOf(original).description)).toContain('503 جنود');
    const click = await h.fake.sendButton(moreButton(original.id).custom_id, original.id);
    const followUp = await h.fake.waitFor(() => h.fake.followUps(click.token)[0], 5000, 'the follow-up');
    const embed = embedOf(followUp);
    expect(embed.color).not.toBe(0x2f7d6d);
    expect(boldIn(embed.description)).toEqual([]);
    expect(visibleText(embed.description).split('\n')[0]).toBe('مقاطع أخرى قريبة من سؤالك، وقد لا تجيب عنه.');

    // Every continuation to the last: whole quotations, never a fragment ending in a stray «”.».
    const shown = quotesIn(embed.description);
    let from = followUp;
    for (let n = 0; n < 40 && !moreButton(from.id).disabled; n++) {
      const next = await h.fake.sendButton(moreButton(from.id).custom_id, from.id);
      from = await h.fake.waitFor(() => h.fake.followUps(next.token)[0], 5000, 'the follow-up');
      shown.push(...quotesIn(embedOf(from).description));
    }
    expect(moreButton(from.id).disabled).toBe(true);
    for (const q of shown) expect(q.split('“').length, q).toBe(q.split('”').length);
  });

  it('the follow-up of a private answer is private too', async () => {
    const { token } = await h.fake.sendCommand('ask', [...question(SEED), { name: 'private', type: 5, value: true }], EN_US);
    await answerEditOf(h.fake, token);
    const original = h.fake.originalMessage(token)!;
    const click = await h.fake.sendButton(moreButton(original.id).custom_id, original.id);
    const followUp = await h.fake.waitFor(() => h.fake.followUps(click.token)[0], 5000, 'the follow-up');
    expect(followUp.flags & EPHEMERAL).toBe(EPHEMERAL);
  });

  it('👍 / 👎 append the question, the quotes shown and a hash of the user (never the id) to feedback.jsonl', async () => {
    const { token } = await h.fake.sendCommand('ask', question(SEED), { userId: '123456789012345678' });
    await answerEditOf(h.fake, token);
    const message = h.fake.originalMessage(token)!;
    const voteUp = (message.components as Row[])[0]!.components.find((c) => c.custom_id.startsWith('vote:up:'))!;
    const vote = await h.fake.sendButton(voteUp.custom_id, message.id, { userId: '123456789012345678' });
    const ack = await callbackOf(h.fake, vote.token);
    expect(ack.body).toMatchObject({ type: 4, data: { flags: EPHEMERAL } });
    expect(visibleText(ack.body.data.content)).toBe('شكرًا على رأيك، سُجّل.');

    const file = path.join(h.dataDir, 'feedback.jsonl');
    // The file may exist before its line is complete: wait for a whole JSON line.
    const record = (await h.fake.waitFor(
      () => {
        try {
          return JSON.parse(readFileSync(file, 'utf8').trim().split('\n').at(-1)!) as unknown;
        } catch {
          return undefined;
        }
      },
      5000,
      'feedback.jsonl',
    )) as { vote: string; question: string; user: string; quotes: Array<{ articleId: string; start: number; end: number }> };
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
    expect(visibleText(ack.body.data.content)).toMatch(/^هذا الجواب قديم .* اطرح السؤال من جديد\.$/);
  });
});

describe('/reindex', () => {
  it('is for Manage Server only, builds a new engine and swaps it in; questions keep working', async () => {
    const before = h.bot.context.engine();
    const { token } = await h.fake.sendCommand('reindex', [], { memberPermissions: PermissionFlagsBits.ManageGuild.toString() });
    const ack = await callbackOf(h.fake, token);
    expect(ack.body).toEqual({ type: 5, data: { flags: EPHEMERAL } });
    await answerEditOf(h.fake, token, 10_000);
    expect(visibleText(h.fake.originalMessage(token)!.content)).toMatch(/^أُعيدت الفهرسة: 5 مقالات و\d+ مقطع/);
    expect(h.bot.context.engine()).not.toBe(before);

    const asked = await h.fake.sendCommand('ask', question(SEED));
    await answerEditOf(h.fake, asked.token);
    expect(quotesIn(embedOf(h.fake.originalMessage(asked.token)).description).join(' ')).toContain('أنطاليا');
  });
});

describe('every reply', () => {
  it('wraps every Arabic line right-to-left whole, with balanced isolates and no user bidi control', () => {
    const messages = sentMessages(h.fake);
    expect(messages.length).toBeGreaterThan(20);
    expect(messages.flatMap((m) => directionProblems(m))).toEqual([]);
  });
});
