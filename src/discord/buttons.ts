// The buttons under answers and article pages: their custom ids, and what a click does.

import { ButtonStyle, ComponentType, MessageFlags, type APIActionRowComponent, type APIButtonComponent, type ButtonInteraction } from 'discord.js';
import type { BotContext } from './context.ts';
import { buttonLabel, formatAnswer, formatArticlePage, formatNotice, NO_PINGS } from './format.ts';
import { chooseLanguage, textsFor, type Language } from './language.ts';
import { answerButton, replyNotice } from './reply-flow.ts';
import type { Vote } from './feedback.ts';

type ButtonRow = APIActionRowComponent<APIButtonComponent>;

export type ButtonAction =
  | { kind: 'more'; key: string }
  | { kind: 'vote'; vote: Vote; key: string }
  | { kind: 'page'; page: number; language: Language };

const MORE = /^more:([\w-]{1,40})$/;
const VOTE = /^vote:(up|down):([\w-]{1,40})$/;
const PAGE = /^articles:(\d{1,4}):(ar|en)$/;

/** What a custom id asks for, or null for anything this bot did not make. */
export function parseCustomId(customId: string): ButtonAction | null {
  let m = MORE.exec(customId);
  if (m) return { kind: 'more', key: m[1]! };
  m = VOTE.exec(customId);
  if (m) return { kind: 'vote', vote: m[1] as Vote, key: m[2]! };
  m = PAGE.exec(customId);
  if (m) return { kind: 'page', page: Number(m[1]), language: m[2] as Language };
  return null;
}

/** "More quotes" (unless hidden) and 👍 / 👎 under an answer remembered under `key`. */
export function answerButtons(key: string, language: Language, more: 'enabled' | 'disabled' | 'hidden'): ButtonRow {
  const texts = textsFor(language);
  const components: APIButtonComponent[] = [];
  if (more !== 'hidden') {
    components.push({
      type: ComponentType.Button,
      style: ButtonStyle.Primary,
      custom_id: `more:${key}`,
      label: buttonLabel(more === 'enabled' ? texts.moreQuotes : texts.noMoreQuotes),
      disabled: more === 'disabled',
    });
  }
  components.push(
    { type: ComponentType.Button, style: ButtonStyle.Secondary, custom_id: `vote:up:${key}`, emoji: { name: '👍' } },
    { type: ComponentType.Button, style: ButtonStyle.Secondary, custom_id: `vote:down:${key}`, emoji: { name: '👎' } },
  );
  return { type: ComponentType.ActionRow, components };
}

/** Previous / next under a page of /articles (none when everything fits on one page). */
export function articlePageButtons(page: number, pages: number, language: Language): ButtonRow[] {
  if (pages <= 1) return [];
  const texts = textsFor(language);
  const last = pages - 1;
  return [
    {
      type: ComponentType.ActionRow,
      components: [
        {
          type: ComponentType.Button,
          style: ButtonStyle.Secondary,
          custom_id: `articles:${Math.max(0, page - 1)}:${language}`,
          label: buttonLabel(texts.previousPage),
          disabled: page === 0,
        },
        {
          type: ComponentType.Button,
          style: ButtonStyle.Secondary,
          custom_id: `articles:${Math.min(last, page + 1)}:${language}`,
          label: buttonLabel(texts.nextPage),
          disabled: page === last,
        },
      ],
    },
  ];
}

export async function handleButton(interaction: ButtonInteraction, ctx: BotContext): Promise<void> {
  const action = parseCustomId(interaction.customId);
  const localeLanguage = chooseLanguage(interaction.locale);
  if (!action) {
    await replyNotice(interaction, textsFor(localeLanguage).invalidOptions);
    return;
  }
  switch (action.kind) {
    case 'page':
      await showArticlePage(interaction, ctx, action.page, action.language);
      return;
    case 'vote':
      await recordVote(interaction, ctx, action.key, action.vote, localeLanguage);
      return;
    case 'more':
      await showMoreQuotes(interaction, ctx, action.key, localeLanguage);
      return;
  }
}

async function showArticlePage(interaction: ButtonInteraction, ctx: BotContext, page: number, language: Language): Promise<void> {
  const { embeds, allowedMentions, page: shown, pages } = formatArticlePage(ctx.engine().articles(), page, language);
  await interaction.update({ embeds, allowedMentions, components: articlePageButtons(shown, pages, language) });
}

async function recordVote(interaction: ButtonInteraction, ctx: BotContext, key: string, vote: Vote, fallback: Language): Promise<void> {
  const answer = ctx.answers.get(key);
  if (!answer) {
    await replyNotice(interaction, textsFor(fallback).answerExpired);
    return;
  }
  await interaction.reply({ ...formatNotice(textsFor(answer.language).feedbackThanks), flags: MessageFlags.Ephemeral });
  await ctx.feedback.record({
    at: new Date().toISOString(),
    vote,
    question: answer.question,
    quotes: answer.displayed.map(({ articleId, start, end }) => ({ articleId, start, end })),
    user: ctx.hashUser(interaction.user.id),
  });
  ctx.logger.info({ vote, user: ctx.hashUser(interaction.user.id) }, 'feedback');
}

async function showMoreQuotes(interaction: ButtonInteraction, ctx: BotContext, key: string, fallback: Language): Promise<void> {
  const remembered = ctx.answers.get(key);
  if (!remembered) {
    await replyNotice(interaction, textsFor(fallback).answerExpired);
    return;
  }
  const { language } = remembered;
  await answerButton(interaction, ctx, {
    command: 'more',
    language,
    work: async (engine) => {
      const exclude = remembered.shown.map(({ articleId, start, end }) => ({ articleId, start, end }));
      const answer = await engine.ask(remembered.question, { exclude, filter: remembered.filter });
      if (answer.status !== 'answered' || answer.quotes.length === 0) {
        return { message: { allowedMentions: NO_PINGS, components: [answerButtons(key, language, 'disabled')] }, status: 'no_more' };
      }
      const formatted = formatAnswer(answer, { language, articlesSearched: engine.articleCount });
      ctx.answers.update(key, { ...remembered, shown: [...remembered.shown, ...formatted.shown], displayed: formatted.shown });
      const { embeds, allowedMentions } = formatted;
      return { message: { embeds, allowedMentions, components: [answerButtons(key, language, 'enabled')] }, status: answer.status };
    },
  });
}
