import { ActionRowBuilder, ButtonBuilder, ButtonStyle } from 'discord.js';

/**
 * Previous/Next buttons for a paged reply, or none for a single page. Custom ids are
 * `<command>:<key>:<target page>:prev|next` (the suffix keeps the two ids distinct when both point
 * at the same page), well under Discord's 100 characters since key is a snowflake.
 */
export function pagerRow(command: string, key: string, page: number, pages: number): ActionRowBuilder<ButtonBuilder>[] {
  if (pages <= 1) return [];
  return [
    new ActionRowBuilder<ButtonBuilder>().addComponents(
      new ButtonBuilder()
        .setCustomId(`${command}:${key}:${Math.max(0, page - 1)}:prev`)
        .setLabel('Previous')
        .setStyle(ButtonStyle.Secondary)
        .setDisabled(page <= 0),
      new ButtonBuilder()
        .setCustomId(`${command}:${key}:${Math.min(pages - 1, page + 1)}:next`)
        .setLabel('Next')
        .setStyle(ButtonStyle.Secondary)
        .setDisabled(page >= pages - 1),
    ),
  ];
}
