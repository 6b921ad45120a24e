import path from 'node:path';
import {
  InteractionContextType,
  MessageFlags,
  PermissionFlagsBits,
  SlashCommandBuilder,
  type ChatInputCommandInteraction,
} from 'discord.js';
import { QuothError } from '../src/shared/errors.ts';
import type { IngestReport } from '../src/shared/types.ts';
import { collectionOf } from '../src/discord/articles.ts';
import { downloadAttachment } from '../src/discord/attachments.ts';
import type { BotContext } from '../src/discord/command.ts';
import { linkedTitle } from '../src/discord/links.ts';
import { requireManageGuild } from '../src/discord/permissions.ts';
import { NO_MENTIONS } from '../src/discord/replies.ts';

export const data = new SlashCommandBuilder()
  .setName('add')
  .setDescription("Add an article to this server's library, from a web address or a text file.")
  .setContexts(InteractionContextType.Guild)
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .addStringOption((o) => o.setName('url').setDescription('Web address of the article (http or https)'))
  .addAttachmentOption((o) =>
    o.setName('file').setDescription('A .txt, .md, .html, .pdf or .docx file with the article'),
  );

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  requireManageGuild(interaction, 'add articles');
  const url = interaction.options.getString('url')?.trim() || null;
  const file = interaction.options.getAttachment('file');
  if (!url && !file)
    throw new QuothError('Give the article as a url, or attach a .txt, .md, .html, .pdf or .docx file.');
  if (url && file) throw new QuothError('Give either a url or a file, not both.');
  // Ephemeral: the confirmation (or the reason it failed) is for the member who added it.
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const collection = collectionOf(interaction);
  const content = url
    ? await addFromUrl(url, ctx, collection)
    : await addFromAttachment(
        { url: file!.url, name: file!.name, size: file!.size, contentType: file!.contentType },
        ctx,
        collection,
      );
  await interaction.editReply({ content, allowedMentions: NO_MENTIONS });
}

/** Adds the article at a web address; the one-line confirmation, or a QuothError with the reason. */
export async function addFromUrl(url: string, ctx: BotContext, collection: string): Promise<string> {
  // The core's ingest also reads files and folders: only a web address may ever reach it from Discord.
  const report = await ctx.core.ingest([webAddress(url)], { collection });
  return describeReport(report, ctx, collection);
}

/** Adds the article in a Discord attachment (.txt, .md, .html, .pdf, .docx); the confirmation, or a QuothError. */
export async function addFromAttachment(
  att: { url: string; name: string; size: number; contentType: string | null },
  ctx: BotContext,
  collection: string,
): Promise<string> {
  const content = await downloadAttachment(att, {
    maxBytes: ctx.maxArticleBytes,
    timeoutMs: ctx.fetchTimeoutMs,
    apiUrl: ctx.config.apiUrl,
  });
  const stem = path.basename(att.name, path.extname(att.name)).replace(/[_-]+/g, ' ').trim();
  const source = `discord:attachment/${att.name}`;
  const report: IngestReport =
    'bytes' in content
      ? await ctx.core.ingestText(
          { bytes: content.bytes, name: att.name, source, title: stem || att.name },
          { collection },
        )
      : await ctx.core.ingestText(
          {
            text: content.text,
            source,
            format: content.format,
            title: content.format === 'text' && hasTitleLine(content.text) ? undefined : stem || att.name,
          },
          { collection },
        );
  return describeReport(report, ctx, collection);
}

/** The option as an http(s) URL, or a one-line refusal. */
export function webAddress(value: string): string {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    throw new QuothError('That is not a web address; give the full URL, starting with https://.');
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    throw new QuothError('Only http and https web addresses can be added.');
  return u.href;
}

/** Mirrors the core's plain-text rule: a short first line standing alone, without end punctuation, is the title. */
function hasTitleLine(text: string): boolean {
  const m = /^\s*([^\n]{1,200})\r?\n\s*\r?\n\s*\S/.exec(text);
  return !!m && !/[.!?,;]$/.test(m[1]!.trim());
}

function describeReport(report: IngestReport, ctx: BotContext, collection: string): string {
  const failure = report.failed[0];
  if (failure) throw new QuothError(failure.error);
  const id = report.articleIds[0];
  if (!id) return "That article is already in this server's library, unchanged.";
  const { title, url, chunks } = ctx.core.get(id, { collection });
  const verb = report.added ? 'Added' : 'Updated';
  return `${verb} ${linkedTitle(title, url)} (id \`${id}\`, ${chunks} passage${chunks === 1 ? '' : 's'}).`;
}
