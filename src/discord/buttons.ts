// What a click on one of the bot's buttons does.

import { MessageFlags, type ButtonInteraction } from 'discord.js';
import { continueAnswer } from './answer-flow.ts';
import { answerButtons, articlePageButtons, parseCustomId } from './button-rows.ts';
import type { BotContext } from './context.ts';
import { formatArticlePage, formatNotice, NO_PINGS } from './format.ts';
import { chooseLanguage, textsFor, type Language } from './language.ts';
import { answerButton, replyNotice } from './reply-flow.ts';
import type { Vote } from './feedback.ts';

export async function handleButton(interaction: ButtonInteraction, ctx: BotContext): Promise<void> {
  const action = parseCustomId(interaction.customId);
  const fallback = chooseLanguage(ctx.config.discord.language);
  if (!action) {
    await replyNotice(interaction, textsFor(fallback).invalidOptions);
    return;
  }
  switch (action.kind) {
    case 'page':
      await showArticlePage(interaction, ctx, action.page, action.language);
      return;
    case 'vote':
      await recordVote(interaction, ctx, action.key, action.vote, fallback);
      return;
    case 'more':
      await showMoreQuotes(interaction, ctx, action.key, fallback);
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

/**
 * The next quotes come as a new message under the answer (private when the answer was), which
 * stays as it was; when there are none, the button pressed is disabled.
 */
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
      const more = await continueAnswer(ctx, engine, key, remembered);
      if (more) return { ...more, followUp: { ephemeral: remembered.private } };
      return { message: { allowedMentions: NO_PINGS, components: [answerButtons(key, language, 'disabled')] }, status: 'no_more' };
    },
  });
}
