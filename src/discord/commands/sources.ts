import { SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import { z } from 'zod';
import type { BotContext } from '../context.ts';
import { formatPassages } from '../format.ts';
import { chooseLanguage, textsFor } from '../language.ts';
import { answerCommand, replyNotice } from '../reply-flow.ts';
import { bilingual, FilterOptions, inEnglish, validatedFilter, validatedOptions, withFilterOptions } from './command.ts';

/** Passages shown for a question. */
const PASSAGES = 5;

export const data = withFilterOptions(new SlashCommandBuilder()
  .setName('sources')
  .setDescription(bilingual('المقاطع والمصادر وراء سؤال، دون جواب', 'The passages behind a question'))
  .setDescriptionLocalizations(inEnglish('The passages and sources behind a question, without composing an answer'))
  .addStringOption((o) =>
    o
      .setName('question')
      .setDescription(bilingual('سؤالك', 'Your question'))
      .setDescriptionLocalizations(inEnglish('Your question'))
      .setRequired(true),
  ));

const SourcesOptions = FilterOptions.extend({ question: z.string() });

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const options = await validatedOptions(interaction, SourcesOptions);
  if (!options) return;
  const filter = await validatedFilter(interaction, options);
  if (!filter) return;
  const question = options.question.trim();
  const language = chooseLanguage(interaction.locale, question);
  if (!question) {
    await replyNotice(interaction, textsFor(language).emptyQuestion);
    return;
  }
  await answerCommand(interaction, ctx, {
    command: 'sources',
    language,
    ephemeral: false,
    work: async (engine) => {
      const { passages } = await engine.sources(question, PASSAGES, filter);
      const message = formatPassages(question, passages, { language, articlesSearched: engine.articleCount });
      return { message, status: passages.length > 0 ? 'passages' : 'no_passages' };
    },
  });
}
