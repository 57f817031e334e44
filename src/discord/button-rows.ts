// The buttons under answers and article pages, and their custom ids.

import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponent } from 'discord.js';
import type { Vote } from './feedback.ts';
import { buttonLabel } from './format.ts';
import { textsFor, type Language } from './language.ts';

export type ButtonRow = APIActionRowComponent<APIButtonComponent>;

export type ButtonAction =
  { kind: 'more'; key: string } | { kind: 'vote'; vote: Vote; key: string } | { kind: 'page'; page: number; language: Language };

const MORE = /^more:([\w-]{1,40})$/;
const VOTE = /^vote:(up|down):([\w-]{1,40})$/;
const PAGE = /^articles:(\d{1,4}):(ar|en)$/;

/** What a custom id asks for, or null for anything this bot did not make. */
export function parseCustomId(customId: string): ButtonAction | null {
  let m = MORE.exec(customId);
  if (m) return { kind: 'more', key: m[1]! };
  m = VOTE.exec(customId);
  if (m) return { kind: 'vote', vote: m[1] as Vote, key: m[2]! };
  m = PAGE.exec(customId);
  if (m) return { kind: 'page', page: Number(m[1]), language: m[2] as Language };
  return null;
}

/** "More quotes" (unless hidden) and 👍 / 👎 under an answer remembered under `key`. */
export function answerButtons(key: string, language: Language, more: 'enabled' | 'disabled' | 'hidden'): ButtonRow {
  const texts = textsFor(language);
  const components: APIButtonComponent[] = [];
  if (more !== 'hidden') {
    components.push({
      type: ComponentType.Button,
      style: ButtonStyle.Primary,
      custom_id: `more:${key}`,
      label: buttonLabel(more === 'enabled' ? texts.moreQuotes : texts.noMoreQuotes),
      disabled: more === 'disabled',
    });
  }
  components.push(
    { type: ComponentType.Button, style: ButtonStyle.Secondary, custom_id: `vote:up:${key}`, emoji: { name: '👍' } },
    { type: ComponentType.Button, style: ButtonStyle.Secondary, custom_id: `vote:down:${key}`, emoji: { name: '👎' } },
  );
  return { type: ComponentType.ActionRow, components };
}

/**
 * ◀ ▶ under a page of /articles (none when everything fits on one page). Discord lays buttons out
 * left to right; an Arabic reader reads right to left, so in Arabic "next" is the left one (◀).
 */
export function articlePageButtons(page: number, pages: number, language: Language): ButtonRow[] {
  if (pages <= 1) return [];
  const texts = textsFor(language);
  const button = (target: number, label: string, disabled: boolean): APIButtonComponent => ({
    type: ComponentType.Button,
    style: ButtonStyle.Secondary,
    custom_id: `articles:${target}:${language}`,
    label: buttonLabel(label),
    disabled,
  });
  const previous = button(Math.max(0, page - 1), language === 'ar' ? `${texts.previousPage} ▶` : `◀ ${texts.previousPage}`, page === 0);
  const next = button(Math.min(pages - 1, page + 1), language === 'ar' ? `◀ ${texts.nextPage}` : `${texts.nextPage} ▶`, page === pages - 1);
  return [{ type: ComponentType.ActionRow, components: language === 'ar' ? [next, previous] : [previous, next] }];
}
