import { SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import * as z from '../../zod.ts';
import { answerQuestion } from '../answer-flow.ts';
import type { BotContext } from '../context.ts';
import { answerCommand } from '../reply-flow.ts';
import { FilterOptions, inEnglish, questionOption, validatedQuestion, withFilterOptions } from './command.ts';

export const data = withFilterOptions(
  new SlashCommandBuilder()
    .setName('ask')
    .setDescription('اسأل فأجيبك باقتباسات حرفية من المقالات')
    .setDescriptionLocalizations(inEnglish('Ask a question; the answer quotes the articles word for word, with sources'))
    .addStringOption(questionOption)
    .addBooleanOption((o) =>
      o.setName('private').setDescription('أظهر الجواب لك وحدك').setDescriptionLocalizations(inEnglish('Only you see the answer')),
    ),
);

const AskOptions = z.extend(FilterOptions, { question: z.string(), private: z.optional(z.boolean()) });

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const asked = await validatedQuestion(interaction, AskOptions, ctx);
  if (!asked) return;
  const { options, filter, question, language } = asked;
  const threadId = interaction.channel?.isThread() ? interaction.channelId : null;
  const ephemeral = options.private ?? false;
  await answerCommand(interaction, ctx, {
    command: 'ask',
    language,
    ephemeral,
    work: async (engine) => {
      const result = await answerQuestion(ctx, engine, { question, language, private: ephemeral, filter });
      if (threadId) ctx.threadQuestions.set(threadId, question);
      return result;
    },
  });
}
