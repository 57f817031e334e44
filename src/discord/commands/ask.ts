import { SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import { z } from 'zod';
import { answerButtons } from '../buttons.ts';
import type { BotContext } from '../context.ts';
import { formatAnswer } from '../format.ts';
import { chooseLanguage, textsFor } from '../language.ts';
import { answerCommand, replyNotice } from '../reply-flow.ts';
import { bilingual, FilterOptions, inEnglish, validatedFilter, validatedOptions, withFilterOptions } from './command.ts';

export const data = withFilterOptions(new SlashCommandBuilder()
  .setName('ask')
  .setDescription(bilingual('اسأل فأجيبك باقتباسات حرفية من المقالات', 'Ask; I answer with quotes'))
  .setDescriptionLocalizations(inEnglish('Ask a question; the answer quotes the articles word for word, with sources'))
  .addStringOption((o) =>
    o
      .setName('question')
      .setDescription(bilingual('سؤالك', 'Your question'))
      .setDescriptionLocalizations(inEnglish('Your question'))
      .setRequired(true),
  )
  .addBooleanOption((o) =>
    o
      .setName('private')
      .setDescription(bilingual('أظهر الجواب لك وحدك', 'Only you see the answer'))
      .setDescriptionLocalizations(inEnglish('Only you see the answer')),
  ));

const AskOptions = FilterOptions.extend({ question: z.string(), private: z.boolean().optional() });

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const options = await validatedOptions(interaction, AskOptions);
  if (!options) return;
  const filter = await validatedFilter(interaction, options);
  if (!filter) return;
  const question = options.question.trim();
  const language = chooseLanguage(interaction.locale, question);
  if (!question) {
    await replyNotice(interaction, textsFor(language).emptyQuestion);
    return;
  }
  const threadId = interaction.channel?.isThread() ? interaction.channelId : null;
  await answerCommand(interaction, ctx, {
    command: 'ask',
    language,
    ephemeral: options.private ?? false,
    work: async (engine) => {
      const answer = await engine.ask(question, { filter });
      if (threadId) ctx.threadQuestions.set(threadId, question);
      const { embeds, allowedMentions, shown } = formatAnswer(answer, { language, articlesSearched: engine.articleCount });
      const key = ctx.answers.remember({ question, language, shown, displayed: shown, filter });
      const components = [answerButtons(key, language, answer.status === 'answered' ? 'enabled' : 'hidden')];
      return { message: { embeds, allowedMentions, components }, status: answer.status };
    },
  });
}
