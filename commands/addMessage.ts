import {
  ApplicationCommandType,
  ContextMenuCommandBuilder,
  InteractionContextType,
  MessageFlags,
  PermissionFlagsBits,
  type MessageContextMenuCommandInteraction,
} from 'discord.js';
import { QuothError, oneLine } from '../src/shared/errors.ts';
import { collectionOf } from '../src/discord/articles.ts';
import type { BotContext } from '../src/discord/command.ts';
import { DISCORD_LIMITS } from '../src/discord/limits.ts';
import { requireManageGuild } from '../src/discord/permissions.ts';
import { GENERIC_ERROR, NO_MENTIONS } from '../src/discord/replies.ts';
import { truncatePlain } from '../src/discord/textFit.ts';
import { addFromAttachment, addFromUrl } from './add.ts';

/** One message adds at most this many articles: each is a fetch, and the reply lists them all. */
const MAX_ITEMS = 5;
/** Each result line stays this short, so MAX_ITEMS of them fit one message. */
const LINE_MAX = 380;

export const data = new ContextMenuCommandBuilder()
  .setName('Add to library')
  .setType(ApplicationCommandType.Message)
  .setContexts(InteractionContextType.Guild)
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild);

/** The http(s) links of a message's text; `<url>` (a link without a preview) counts too. */
export function linksIn(text: string): string[] {
  const found = text.match(/https?:\/\/[^\s<>]+/g) ?? [];
  // Sentence punctuation after a link is not part of it; a closing parenthesis is only when one opened.
  const cleaned = found.map((u) => {
    let url = u.replace(/[.,;:!?'"]+$/, '');
    if (url.endsWith(')') && !url.includes('(')) url = url.slice(0, -1);
    return url;
  });
  return [...new Set(cleaned)];
}

/** Right-click a message → Apps → Add to library: its links and attached files become articles, as with /add. */
export async function message(interaction: MessageContextMenuCommandInteraction, ctx: BotContext): Promise<void> {
  requireManageGuild(interaction, 'add articles');
  const target = interaction.targetMessage;
  const items: { label: string; add: () => Promise<string> }[] = [];
  const collection = collectionOf(interaction);
  for (const url of linksIn(target.content)) items.push({ label: url, add: () => addFromUrl(url, ctx, collection) });
  for (const att of target.attachments.values()) {
    const info = { url: att.url, name: att.name, size: att.size, contentType: att.contentType };
    items.push({ label: att.name, add: () => addFromAttachment(info, ctx, collection) });
  }
  if (items.length === 0) throw new QuothError('That message has no links or attached files to add.');
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const lines: string[] = [];
  for (const item of items.slice(0, MAX_ITEMS)) {
    try {
      lines.push(truncateLine(await item.add()));
    } catch (err) {
      if (!(err instanceof QuothError)) ctx.log.error({ err }, 'Add to library failed');
      const reason = err instanceof QuothError ? oneLine(err) : GENERIC_ERROR;
      lines.push(truncatePlain(`${item.label}: ${reason}`, LINE_MAX));
    }
  }
  if (items.length > MAX_ITEMS) lines.push(`Only the first ${MAX_ITEMS} were added; use /add for the rest.`);
  await interaction.editReply({
    content: lines.join('\n').slice(0, DISCORD_LIMITS.content),
    allowedMentions: NO_MENTIONS,
  });
}

/** A confirmation holds a markdown link; rather than cut one in half, a too-long line loses the link. */
function truncateLine(line: string): string {
  return line.length <= LINE_MAX ? line : truncatePlain(line.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1'), LINE_MAX);
}
