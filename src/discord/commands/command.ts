import type {
  AutocompleteInteraction,
  ChatInputCommandInteraction,
  LocalizationMap,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { z } from 'zod';
import type { BotContext } from '../context.ts';
import { chooseLanguage, textsFor } from '../language.ts';
import { replyNotice } from '../reply-flow.ts';

/** One slash command: its definition (registered as is) and its handlers. */
export interface Command {
  data: { name: string; toJSON(): RESTPostAPIChatInputApplicationCommandsJSONBody };
  execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, ctx: BotContext): Promise<void>;
}

/**
 * Discord has no Arabic locale, so the default description carries both languages (Arabic
 * first) and English clients get an English-only localisation.
 */
export function bilingual(arabic: string, english: string): string {
  return `${arabic} — ${english}`;
}

export function inEnglish(description: string): LocalizationMap {
  return { 'en-US': description, 'en-GB': description };
}

/** The options as sent, by name: raw values for the command's schema to validate. */
export function optionValues(interaction: ChatInputCommandInteraction | AutocompleteInteraction): Record<string, unknown> {
  return Object.fromEntries(interaction.options.data.map((o) => [o.name, o.value]));
}

/** The command's options checked against its schema; when they do not fit, the user is told so and undefined comes back. */
export async function validatedOptions<T>(interaction: ChatInputCommandInteraction, schema: z.ZodType<T>, ctx: BotContext): Promise<T | undefined> {
  const parsed = schema.safeParse(optionValues(interaction));
  if (parsed.success) return parsed.data;
  await replyNotice(interaction, textsFor(chooseLanguage(ctx.config.discord.language)).invalidOptions);
  return undefined;
}
