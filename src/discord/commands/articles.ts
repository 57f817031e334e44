import { SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import { isEmptyFilter } from '../../retrieval/index.ts';
import { articlePageButtons } from '../button-rows.ts';
import type { BotContext } from '../context.ts';
import { formatArticlePage } from '../format.ts';
import { chooseLanguage } from '../language.ts';
import { FilterOptions, inEnglish, validatedFilter, validatedOptions, withFilterOptions } from './command.ts';

export const data = withFilterOptions(
  new SlashCommandBuilder()
    .setName('articles')
    .setDescription('المقالات المتاحة، الأحدث أولًا')
    .setDescriptionLocalizations(inEnglish('The articles I can quote, newest first, with title, outlet and date')),
);

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const options = await validatedOptions(interaction, FilterOptions, ctx);
  if (!options) return;
  const filter = await validatedFilter(interaction, options, ctx);
  if (!filter) return;
  const language = chooseLanguage(ctx.config.discord.language);
  const { embeds, allowedMentions, page, pages } = formatArticlePage(ctx.engine().articles(filter), 0, language);
  // The page buttons carry no filter (custom ids hold 100 characters): a filtered list is its first page.
  const components = isEmptyFilter(filter) ? articlePageButtons(page, pages, language) : [];
  await interaction.reply({ embeds, allowedMentions, components });
}
