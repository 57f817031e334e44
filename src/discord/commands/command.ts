import type {
  AutocompleteInteraction,
  ChatInputCommandInteraction,
  LocalizationMap,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { BotContext } from '../context.ts';

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
