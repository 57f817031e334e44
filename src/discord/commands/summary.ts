import { SlashCommandBuilder, type AutocompleteInteraction, type ChatInputCommandInteraction } from 'discord.js';
import * as z from '../../zod.ts';
import type { BotContext } from '../context.ts';
import { articleChoices, formatNotice, formatSummary, userText } from '../format.ts';
import { chooseLanguage, textsFor } from '../language.ts';
import { answerCommand, replyNotice } from '../reply-flow.ts';
import { FilterOptions, inEnglish, validatedFilter, validatedOptions, withFilterOptions } from './command.ts';

export const data = withFilterOptions(
  new SlashCommandBuilder()
    .setName('summary')
    .setDescription('ملخص مقال أو موضوع بجمل مقتبسة')
    .setDescriptionLocalizations(inEnglish('Summary of an article or a topic, in sentences quoted from the articles'))
    .addStringOption((o) =>
      o
        .setName('article')
        .setDescription('عنوان المقال')
        .setDescriptionLocalizations(inEnglish('Article title (pick one of the suggestions)'))
        .setAutocomplete(true),
    )
    .addStringOption((o) =>
      o.setName('topic').setDescription('موضوع').setDescriptionLocalizations(inEnglish('A topic, for a summary across articles')),
    ),
);

const blankAsMissing = z.pipe(
  z.optional(z.string()),
  z.transform((s) => (s?.trim() ? s.trim() : undefined)),
);
const SummaryOptions = z.extend(FilterOptions, { article: blankAsMissing, topic: blankAsMissing });

/** Titles matching what is typed (every article when nothing is typed yet). */
export async function autocomplete(interaction: AutocompleteInteraction, ctx: BotContext): Promise<void> {
  const focused = interaction.options.getFocused(true);
  const typed = typeof focused.value === 'string' ? focused.value.trim() : '';
  const engine = ctx.engine();
  const matches = focused.name !== 'article' ? [] : typed ? engine.findArticles(typed) : engine.articles();
  await interaction.respond(articleChoices(matches));
}

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const chosen = await validatedOptions(interaction, SummaryOptions, ctx);
  if (!chosen) return;
  const filter = await validatedFilter(interaction, chosen, ctx);
  if (!filter) return;
  const { article, topic } = chosen;
  // An article picked from the suggestions arrives as its file name, which says nothing of the user's language.
  const typedTitle =
    article !== undefined &&
    !ctx
      .engine()
      .articles()
      .some((a) => a.id === article)
      ? article
      : undefined;
  const language = chooseLanguage(ctx.config.discord.language, topic ?? typedTitle);
  const texts = textsFor(language);
  if ((article === undefined) === (topic === undefined)) {
    await replyNotice(interaction, texts.summaryNeedsOne);
    return;
  }
  await answerCommand(interaction, ctx, {
    command: 'summary',
    language,
    ephemeral: false,
    work: async (engine) => {
      const options = { language, articlesSearched: engine.articleCount };
      if (article !== undefined) {
        // Autocomplete sends the id; a title typed by hand is looked up too.
        const match = engine.articles(filter).find((a) => a.id === article) ?? engine.findArticles(article, filter)[0];
        if (!match) return { message: formatNotice(texts.articleNotFound(userText(article, 200))), status: 'no_article' };
        const { embeds, allowedMentions } = formatSummary(engine.summarizeArticle(match.id), options);
        return { message: { embeds, allowedMentions }, status: 'summary' };
      }
      const { embeds, allowedMentions } = formatSummary(await engine.summarizeTopic(topic!, undefined, filter), options);
      return { message: { embeds, allowedMentions }, status: 'summary' };
    },
  });
}
