import { SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import * as z from '../../zod.ts';
import { CitationNumbers, sourceEntries, type CitedArticle } from '../citations.ts';
import type { BotContext } from '../context.ts';
import { formatLatinQuestion, formatPassages } from '../format.ts';
import { answerCommand } from '../reply-flow.ts';
import { FilterOptions, inEnglish, questionOption, validatedQuestion, withFilterOptions } from './command.ts';

/** Passages retrieved, of which at most SHOWN are listed (parts of one article that overlap count once). */
const RETRIEVED = 8;
const SHOWN = 5;

export const data = withFilterOptions(
  new SlashCommandBuilder()
    .setName('sources')
    .setDescription('المقاطع والمصادر وراء سؤال، دون جواب')
    .setDescriptionLocalizations(inEnglish('The passages and sources behind a question, without composing an answer'))
    .addStringOption(questionOption),
);

const SourcesOptions = z.extend(FilterOptions, { question: z.string() });

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const asked = await validatedQuestion(interaction, SourcesOptions, ctx);
  if (!asked) return;
  const { filter, question, language } = asked;
  await answerCommand(interaction, ctx, {
    command: 'sources',
    language,
    ephemeral: false,
    work: async (engine) => {
      const formatOptions = { language, articlesSearched: engine.articleCount };
      if (engine.questionScript(question) === 'unmatchable')
        return { message: formatLatinQuestion(question, formatOptions), status: 'latin_question' };
      const [passages, answer] = await Promise.all([engine.search(question, RETRIEVED, filter), engine.ask(question, { filter })]);
      // The answer's sources first, so an article has the number /ask gives it.
      const citations = new CitationNumbers();
      citations.renumber(answer);
      const articles = new Map<string, CitedArticle>(engine.articles().map((a) => [a.id, { ...a, articleId: a.id }]));
      const entries = sourceEntries(question, passages, citations, articles, SHOWN);
      return { message: formatPassages(question, entries, formatOptions), status: entries.length > 0 ? 'passages' : 'no_passages' };
    },
  });
}
