// The shapes the fake Discord takes and records, and the constants of Discord's that its parts share.
import { SnowflakeUtil } from 'discord.js';
import type { FieldError } from './validate.ts';

export interface FakeGuild {
  id: string;
  name: string;
}

export interface FakeUser {
  id: string;
  username: string;
}

export interface FakeDiscordOptions {
  token: string;
  guilds: FakeGuild[];
  /** Sent in HELLO. Discord's is about 41 s; tests use a short one so a dead connection is noticed fast. */
  heartbeatIntervalMs?: number;
  /** Discord's 3-second acknowledgement window; only the fake's own tests shorten it. */
  ackWindowMs?: number;
}

export interface CommandOption {
  name: string;
  type: number;
  /** Absent on a subcommand (type 1), which carries `options` instead. */
  value?: string | number | boolean;
  focused?: boolean;
  options?: CommandOption[];
}

export interface Attachment {
  id: string;
  filename: string;
  size: number;
  url: string;
  proxy_url: string;
  content_type: string;
}

/** A command built (and over HTTP signed) ahead of its dispatch: see `FakeDiscord.stageCommands`. */
export interface StagedCommand {
  payload: Record<string, unknown>;
  delivery: unknown;
}

/** A slash command as a user sends it. */
export interface CommandRequest {
  guildId: string | null;
  user: FakeUser;
  name: string;
  options?: CommandOption[];
  permissions?: string;
  attachments?: Attachment[];
}

/** A message context-menu command on a message `target.author` posted in the guild's channel. */
export interface MessageCommandRequest {
  guildId: string;
  user: FakeUser;
  name: string;
  target: { author: FakeUser; content: string; attachments?: Attachment[] };
  permissions?: string;
}

/** A user typing in a command option that autocompletes. */
export interface AutocompleteRequest {
  guildId: string;
  user: FakeUser;
  name: string;
  options: CommandOption[];
  permissions?: string;
}

/** What the user sees in response to an interaction. */
export interface BotReply {
  kind: 'reply' | 'update' | 'edit' | 'followup' | 'autocomplete';
  ephemeral: boolean;
  content: string;
  embeds: {
    title?: string;
    description?: string;
    url?: string;
    footer?: { text: string };
    fields?: { name: string; value: string }[];
  }[];
  components: {
    type: number;
    components: { type: number; custom_id?: string; label?: string; disabled?: boolean; style?: number }[];
  }[];
  choices: { name: string; value: string | number }[];
  /** The raw body the bot sent. */
  body: Record<string, unknown>;
  at: number;
}

export interface Rejection {
  method: string;
  path: string;
  status: number;
  code: number;
  message: string;
  errors?: FieldError[];
}

/** Message flag bits: a message only its recipient sees, and a deferred reply still "thinking". */
export const EPHEMERAL = 1 << 6;
export const LOADING = 1 << 7;

/** Permissions of an ordinary member: view, send, read history, use application commands, no Manage Server. */
export const MEMBER_PERMISSIONS = String((1n << 10n) | (1n << 11n) | (1n << 16n) | (1n << 31n));
/** The same plus Manage Server. */
export const MANAGER_PERMISSIONS = String(BigInt(MEMBER_PERMISSIONS) | (1n << 5n));

export function snowflake(): string {
  return SnowflakeUtil.generate().toString();
}
