import type {
  SlashCommandOptionsOnlyBuilder,
  SlashCommandStringOption,
  AutocompleteInteraction,
  ChatInputCommandInteraction,
  LocalizationMap,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import * as z from '../../zod.ts';
import { FilterError, parseArticleFilter, type ArticleFilter } from '../../retrieval/index.ts';
import type { BotContext } from '../context.ts';
import { chooseLanguage, textsFor, type Language } from '../language.ts';
import { replyNotice } from '../reply-flow.ts';

/** One slash command: its definition (registered as is) and its handlers. */
export interface Command {
  data: { name: string; toJSON(): RESTPostAPIChatInputApplicationCommandsJSONBody };
  execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, ctx: BotContext): Promise<void>;
}

/**
 * Discord has no Arabic locale, so the default description (the one every client gets unless the
 * bot is set to English) is Arabic, and English clients of an English bot get these localisations.
 */
export function inEnglish(description: string): LocalizationMap {
  return { 'en-US': description, 'en-GB': description };
}

/** The options as sent, by name: raw values for the command's schema to validate. */
export function optionValues(interaction: ChatInputCommandInteraction | AutocompleteInteraction): Record<string, unknown> {
  return Object.fromEntries(interaction.options.data.map((o) => [o.name, o.value]));
}

/** The command's options checked against its schema; when they do not fit, the user is told so and undefined comes back. */
export async function validatedOptions<T>(
  interaction: ChatInputCommandInteraction,
  schema: z.ZodMiniType<T>,
  ctx: BotContext,
): Promise<T | undefined> {
  const parsed = schema.safeParse(optionValues(interaction));
  if (parsed.success) return parsed.data;
  await replyNotice(interaction, textsFor(chooseLanguage(ctx.config.discord.language)).invalidOptions);
  return undefined;
}

/** The required `question` option of /ask and /sources. */
export function questionOption(option: SlashCommandStringOption): SlashCommandStringOption {
  return option.setName('question').setDescription('سؤالك').setDescriptionLocalizations(inEnglish('Your question')).setRequired(true);
}

/** since / until / outlet: optional, for the commands that draw on the articles. */
export function withFilterOptions<B extends SlashCommandOptionsOnlyBuilder>(builder: B): B {
  builder
    .addStringOption((o) =>
      o
        .setName('since')
        .setDescription('من تاريخ YYYY-MM-DD')
        .setDescriptionLocalizations(inEnglish('Only articles published on or after this day (YYYY-MM-DD)'))
        .setMaxLength(10),
    )
    .addStringOption((o) =>
      o
        .setName('until')
        .setDescription('حتى تاريخ YYYY-MM-DD')
        .setDescriptionLocalizations(inEnglish('Only articles published on or before this day (YYYY-MM-DD)'))
        .setMaxLength(10),
    )
    .addStringOption((o) =>
      o
        .setName('outlet')
        .setDescription('من هذا المصدر فقط')
        .setDescriptionLocalizations(inEnglish('Only articles from this outlet (part of its name)'))
        .setMaxLength(200),
    );
  return builder;
}

/** The filter options as sent; ArticleFilter validates them. */
export const FilterOptions = z.object({ since: z.optional(z.string()), until: z.optional(z.string()), outlet: z.optional(z.string()) });

/** The filter the options ask for; when they do not make one, the user is told why and undefined comes back. */
export async function validatedFilter(
  interaction: ChatInputCommandInteraction,
  raw: z.infer<typeof FilterOptions>,
  ctx: BotContext,
): Promise<ArticleFilter | undefined> {
  try {
    return parseArticleFilter(raw);
  } catch (error) {
    if (!(error instanceof FilterError)) throw error;
    await replyNotice(interaction, `${textsFor(chooseLanguage(ctx.config.discord.language)).invalidOptions} (${error.message})`);
    return undefined;
  }
}

/** A command's question, its options and filter, and the language of the reply: undefined when the user was told what is wrong. */
export async function validatedQuestion<T extends z.infer<typeof FilterOptions> & { question: string }>(
  interaction: ChatInputCommandInteraction,
  schema: z.ZodMiniType<T>,
  ctx: BotContext,
): Promise<{ options: T; filter: ArticleFilter; question: string; language: Language } | undefined> {
  const options = await validatedOptions(interaction, schema, ctx);
  if (!options) return undefined;
  const filter = await validatedFilter(interaction, options, ctx);
  if (!filter) return undefined;
  const question = options.question.trim();
  const language = chooseLanguage(ctx.config.discord.language, question);
  if (!question) {
    await replyNotice(interaction, textsFor(language).emptyQuestion);
    return undefined;
  }
  return { options, filter, question, language };
}
