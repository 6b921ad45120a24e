import type { AutocompleteInteraction, BaseInteraction } from 'discord.js';
import { chooseArticle } from '../core/articleLookup.ts';
import { QuothError } from '../shared/errors.ts';
import type { ArticleMeta, QuothCore } from '../shared/types.ts';
import type { BotContext } from './command.ts';
import { articleChoices } from './messages.ts';
import { truncatePlain } from './textFit.ts';

/** Each server is its own library: its collection is named after the guild id. */
export function collectionOf(interaction: BaseInteraction): string {
  if (!interaction.guildId) throw new QuothError('Quoth works inside servers only; use it in a server channel.');
  return interaction.guildId;
}

/**
 * The article an `article:` option names. Autocomplete sends the id; someone who types instead of
 * picking sends a title or part of one, which is accepted when it matches exactly one article.
 */
export function resolveArticle(core: QuothCore, collection: string, value: string): ArticleMeta {
  const wanted = value.trim();
  if (!wanted) throw new QuothError('Pick an article from the suggestions.');
  const choice = chooseArticle(core, wanted, collection);
  if (choice.article) return choice.article;
  const { matches } = choice;
  const hint = matches.length > 1 ? `${matches.length} articles match` : 'no article in this server matches';
  throw new QuothError(
    `${hint[0]!.toUpperCase()}${hint.slice(1)} "${truncatePlain(wanted, 80)}"; pick one from the suggestions.`,
    'not_found',
  );
}

/** Shared autocomplete of every `article:` option: this server's titles matching what is typed. */
export async function autocompleteArticle(interaction: AutocompleteInteraction, ctx: BotContext): Promise<void> {
  const typed = String(interaction.options.getFocused() ?? '');
  const found = ctx.core.findArticles(typed, { collection: collectionOf(interaction), limit: 25 });
  await interaction.respond(articleChoices(found));
}
