// Every command of the bot (slash commands, then message context-menu commands), as registered by
// deploy-commands and routed by the bot.
import type { QuothCommand } from '../src/discord/command.ts';
import * as about from './about.ts';
import * as add from './add.ts';
import * as addMessage from './addMessage.ts';
import * as articles from './articles.ts';
import * as feed from './feed.ts';
import * as ask from './ask.ts';
import * as askMessage from './askMessage.ts';
import * as remove from './remove.ts';
import * as search from './search.ts';
import * as summarize from './summarize.ts';

export const commands: readonly QuothCommand[] = [
  ask,
  search,
  summarize,
  articles,
  add,
  remove,
  feed,
  about,
  askMessage,
  addMessage,
];
