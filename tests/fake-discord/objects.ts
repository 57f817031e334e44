// Builders for the Discord API objects the fake sends to discord.js.
// Shapes follow the v10 API closely enough that discord.js 14.28 accepts them
// (full objects where it expects them, with the fields it reads unguarded).

import { randomBytes } from 'node:crypto';

/** Discord's epoch (2015-01-01T00:00:00Z). */
export const DISCORD_EPOCH = 1_420_070_400_000n;

let increment = 0n;

/** A real-looking snowflake whose timestamp is `ms` (default: now). discord.js reads createdTimestamp from it. */
export function snowflake(ms: number = Date.now()): string {
  increment = (increment + 1n) & 0xfffn;
  return (((BigInt(Math.floor(ms)) - DISCORD_EPOCH) << 22n) | (1n << 17n) | increment).toString();
}

/** An interaction token: long, URL-safe, unique. */
export function interactionToken(): string {
  return `aW50ZXJhY3Rpb24.${randomBytes(48).toString('base64url')}`;
}

export const ChannelTypes = {
  GuildText: 0,
  DM: 1,
  PublicThread: 11,
  PrivateThread: 12,
} as const;

export interface ApiUser {
  id: string;
  username: string;
  global_name: string | null;
  discriminator: string;
  avatar: string | null;
  bot?: boolean;
  system?: boolean;
  public_flags: number;
  flags?: number;
  banner?: string | null;
  accent_color?: number | null;
  avatar_decoration_data?: null;
  primary_guild?: null;
  collectibles?: null;
}

export function makeUser(id: string, username: string, bot = false): ApiUser {
  return {
    id,
    username,
    global_name: bot ? null : username,
    discriminator: bot ? '0001' : '0',
    avatar: null,
    ...(bot ? { bot: true } : {}),
    public_flags: 0,
    flags: 0,
    banner: null,
    accent_color: null,
    avatar_decoration_data: null,
    primary_guild: null,
    collectibles: null,
  };
}

export interface ApiMember {
  user?: ApiUser;
  nick: string | null;
  avatar: string | null;
  banner: string | null;
  roles: string[];
  joined_at: string;
  premium_since: string | null;
  deaf: boolean;
  mute: boolean;
  flags: number;
  pending: boolean;
  communication_disabled_until: string | null;
  permissions?: string;
}

export function makeMember(user: ApiUser | undefined, roles: string[], joinedAt: string): ApiMember {
  return {
    ...(user ? { user } : {}),
    nick: null,
    avatar: null,
    banner: null,
    roles,
    joined_at: joinedAt,
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0,
    pending: false,
    communication_disabled_until: null,
  };
}

/** Permission bits used by the fake (as decimal strings, like the API). */
export const Perm = {
  ViewChannel: 1n << 10n,
  SendMessages: 1n << 11n,
  EmbedLinks: 1n << 14n,
  ReadMessageHistory: 1n << 16n,
  AddReactions: 1n << 6n,
  UseApplicationCommands: 1n << 31n,
  CreatePublicThreads: 1n << 35n,
  SendMessagesInThreads: 1n << 38n,
  Administrator: 1n << 3n,
};

export const EVERYONE_PERMISSIONS = (
  Perm.ViewChannel |
  Perm.SendMessages |
  Perm.EmbedLinks |
  Perm.ReadMessageHistory |
  Perm.AddReactions |
  Perm.UseApplicationCommands |
  Perm.CreatePublicThreads |
  Perm.SendMessagesInThreads
).toString();

export function makeRole(id: string, name: string, permissions: string, position: number, managedBotId?: string) {
  return {
    id,
    name,
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    icon: null,
    unicode_emoji: null,
    position,
    permissions,
    managed: Boolean(managedBotId),
    mentionable: false,
    flags: 0,
    ...(managedBotId ? { tags: { bot_id: managedBotId } } : {}),
  };
}

export function makeTextChannel(id: string, guildId: string, name: string, position: number) {
  return {
    id,
    type: ChannelTypes.GuildText,
    guild_id: guildId,
    name,
    position,
    permission_overwrites: [],
    topic: null,
    nsfw: false,
    last_message_id: null,
    rate_limit_per_user: 0,
    parent_id: null,
    last_pin_timestamp: null,
    default_auto_archive_duration: 1440,
    flags: 0,
  };
}

export interface ThreadInit {
  id: string;
  guildId: string;
  parentId: string;
  ownerId: string;
  name: string;
  type?: number;
  autoArchiveDuration?: number;
}

export function makeThreadChannel(t: ThreadInit, memberUserId?: string) {
  const now = new Date().toISOString();
  return {
    id: t.id,
    type: t.type ?? ChannelTypes.PublicThread,
    guild_id: t.guildId,
    parent_id: t.parentId,
    owner_id: t.ownerId,
    name: t.name,
    last_message_id: null,
    message_count: 0,
    member_count: 1,
    rate_limit_per_user: 0,
    flags: 0,
    total_message_sent: 0,
    applied_tags: [],
    thread_metadata: {
      archived: false,
      auto_archive_duration: t.autoArchiveDuration ?? 1440,
      archive_timestamp: now,
      locked: false,
      create_timestamp: now,
      ...(t.type === ChannelTypes.PrivateThread ? { invitable: true } : {}),
    },
    ...(memberUserId ? { member: { id: t.id, user_id: memberUserId, join_timestamp: now, flags: 0 } } : {}),
  };
}

export function makeDmChannel(id: string, recipient: ApiUser) {
  return { id, type: ChannelTypes.DM, last_message_id: null, flags: 0, recipients: [recipient] };
}

export interface MessageInit {
  id: string;
  channelId: string;
  guildId?: string;
  author: ApiUser;
  member?: ApiMember;
  content?: string;
  embeds?: unknown[];
  components?: unknown[];
  attachments?: unknown[];
  flags?: number;
  type?: number;
  mentions?: unknown[];
  mentionRoles?: string[];
  mentionEveryone?: boolean;
  messageReference?: Record<string, unknown>;
  referencedMessage?: unknown;
  webhookId?: string;
  applicationId?: string;
  interactionMetadata?: unknown;
  interaction?: unknown;
  tts?: boolean;
  nonce?: string | number;
}

export type ApiMessage = Record<string, unknown> & {
  id: string;
  channel_id: string;
  content: string;
  embeds: unknown[];
  components: unknown[];
  flags: number;
};

/** A full message object, as Discord returns it from REST and sends it over the gateway. */
export function makeMessage(m: MessageInit): ApiMessage {
  const msg: ApiMessage = {
    id: m.id,
    type: m.type ?? 0,
    channel_id: m.channelId,
    author: m.author,
    content: m.content ?? '',
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: m.tts ?? false,
    mention_everyone: m.mentionEveryone ?? false,
    mentions: m.mentions ?? [],
    mention_roles: m.mentionRoles ?? [],
    attachments: m.attachments ?? [],
    embeds: m.embeds ?? [],
    pinned: false,
    flags: m.flags ?? 0,
    components: m.components ?? [],
  };
  if (m.guildId) msg.guild_id = m.guildId;
  if (m.member) msg.member = m.member;
  if (m.nonce !== undefined) msg.nonce = m.nonce;
  if (m.messageReference) msg.message_reference = m.messageReference;
  if (m.referencedMessage !== undefined) msg.referenced_message = m.referencedMessage;
  if (m.webhookId) msg.webhook_id = m.webhookId;
  if (m.applicationId) msg.application_id = m.applicationId;
  if (m.interactionMetadata) msg.interaction_metadata = m.interactionMetadata;
  if (m.interaction) msg.interaction = m.interaction;
  return msg;
}

/** Discord fills in `type: 'rich'` and drops undefined fields in embeds it echoes back. */
export function normalizeEmbeds(embeds: unknown): unknown[] {
  if (!Array.isArray(embeds)) return [];
  return embeds.map((e) => (e && typeof e === 'object' ? { type: 'rich', ...(e as object) } : e));
}

/** Locales Discord accepts (discord-api-types' Locale enum). Note: there is no Arabic locale. */
export const DISCORD_LOCALES: ReadonlySet<string> = new Set([
  'id',
  'en-US',
  'en-GB',
  'bg',
  'zh-CN',
  'zh-TW',
  'hr',
  'cs',
  'da',
  'nl',
  'fi',
  'fr',
  'de',
  'el',
  'hi',
  'hu',
  'it',
  'ja',
  'ko',
  'lt',
  'no',
  'pl',
  'pt-BR',
  'ro',
  'ru',
  'es-ES',
  'es-419',
  'sv-SE',
  'th',
  'tr',
  'uk',
  'vi',
]);
