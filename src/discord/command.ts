import type {
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  MessageContextMenuCommandInteraction,
  RESTPostAPIApplicationCommandsJSONBody,
} from 'discord.js';
import type { FeedService } from '../feeds/feedService.ts';
import type { QuothCore, SearchHit } from '../shared/types.ts';
import type { Logger } from '../shared/log.ts';
import type { DiscordConfig } from './config.ts';
import type { LruMap } from './lruMap.ts';
import type { Deferral } from './replies.ts';
import type { WorkQueue } from './workQueue.ts';

/** One /search result list kept for its Previous/Next buttons. */
export interface SearchState {
  userId: string;
  guildId: string;
  query: string;
  hits: SearchHit[];
  /** Which misspelled words the search read as the library's (see readAsNote), or null. */
  readAs: string | null;
}

/** What every command handler gets besides its interaction. */
export interface BotContext {
  core: QuothCore;
  log: Logger;
  config: DiscordConfig;
  /** Size cap of an /add attachment (the core's MAX_ARTICLE_BYTES). */
  maxArticleBytes: number;
  /** Time limit of an attachment download (the core's FETCH_TIMEOUT_MS). */
  fetchTimeoutMs: number;
  /** Search results by the id of the interaction that made them, for paging. */
  searches: LruMap<string, SearchState>;
  /** Where ask/search/summarize run, one at a time, after the interaction is acknowledged. */
  work: WorkQueue;
  /** Feed subscriptions of every server (null when the bot runs without them: /feed says so). */
  feeds: FeedService | null;
}

/**
 * A command module in commands/: its definition for Discord and its handlers. A slash command has
 * `execute`; a message context-menu command (right-click a message → Apps) has `message`. Button
 * custom ids are `<command name>:<args…>`; the router hands the args to the command's `button`.
 */
export interface QuothCommand {
  data: { name: string; toJSON(): RESTPostAPIApplicationCommandsJSONBody };
  execute?(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void>;
  /**
   * Set when `execute` always starts with deferReply(deferReplyOptions(deferral)) and nothing
   * before it can fail: the HTTP endpoint then acknowledges from the raw payload, before any
   * discord.js object is built, and the command's own deferReply only confirms it.
   */
  deferral?: Deferral;
  message?(interaction: MessageContextMenuCommandInteraction, ctx: BotContext): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, ctx: BotContext): Promise<void>;
  button?(interaction: ButtonInteraction, ctx: BotContext, args: string[]): Promise<void>;
}
