// What the bot sent, read back from the fake Discord's request log.

import type { FakeDiscord } from '../fake-discord/server.ts';
import type { MessageLike } from './bidi-check.ts';

/** Every message body the bot sent or edited: interaction callbacks with data, webhook and channel messages. */
export function sentMessages(fake: FakeDiscord): MessageLike[] {
  return fake.requests
    .filter((r) => (r.method === 'POST' || r.method === 'PATCH') && /\/(callback|messages)/.test(r.path) && r.body)
    .map((r) => (r.path.endsWith('/callback') ? r.body.data : r.body) as MessageLike | undefined)
    .filter((m): m is MessageLike => m !== undefined && m !== null && (m.content !== undefined || m.embeds !== undefined));
}

export type Embed = {
  title?: string;
  description: string;
  color?: number;
  fields?: Array<{ name: string; value: string }>;
  footer?: { text: string };
};
export type Row = { components: Array<{ custom_id: string; label?: string; disabled?: boolean }> };

/** The strings bold in a rendered text (unescaped `**…**`). */
export function boldIn(text: string): string[] {
  return [...text.matchAll(/(?<!\\)\*\*(.+?)(?<!\\)\*\*(?!\*)/g)].map((m) => m[1]!);
}

/** `[n] title` pairs of rendered citation lines (the number and the title as the reader sees them). */
export function citedTitles(text: string): Map<string, number> {
  const cited = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /\u2067\[(\d+)\]\u2069 (?:\[([^\]]+)\]\([^)]*\)|(.+?))(?: — |\u2069*$)/u.exec(line);
    if (m) cited.set((m[2] ?? m[3])!, Number(m[1]));
  }
  return cited;
}
