// Discord's message limits, and a check of a message against them that the handlers' tests assert on.
import type { APIEmbed } from 'discord.js';

/** Discord's message limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits). */
export const DISCORD_LIMITS = {
  content: 2000,
  embeds: 10,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footerText: 2048,
  authorName: 256,
  embedsTotal: 6000,
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
  customId: 100,
  buttonLabel: 80,
} as const;

/** Characters of an embed that count towards Discord's 6,000 per message. */
export function embedLength(embed: APIEmbed): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.author?.name.length ?? 0) +
    (embed.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0)
  );
}

/** Every limit a message breaks (empty when it fits); a safety net the handlers assert on in tests. */
export function limitViolations(payload: { content?: string; embeds?: APIEmbed[] }): string[] {
  const problems: string[] = [];
  const L = DISCORD_LIMITS;
  if ((payload.content?.length ?? 0) > L.content) problems.push(`content is ${payload.content!.length} > ${L.content}`);
  const embeds = payload.embeds ?? [];
  if (embeds.length > L.embeds) problems.push(`${embeds.length} embeds > ${L.embeds}`);
  let total = 0;
  for (const [i, e] of embeds.entries()) {
    if ((e.title?.length ?? 0) > L.embedTitle) problems.push(`embed ${i} title > ${L.embedTitle}`);
    if ((e.description?.length ?? 0) > L.embedDescription)
      problems.push(`embed ${i} description is ${e.description!.length} > ${L.embedDescription}`);
    if ((e.fields?.length ?? 0) > L.embedFields) problems.push(`embed ${i} has more than ${L.embedFields} fields`);
    for (const f of e.fields ?? []) {
      if (f.name.length > L.fieldName || f.value.length > L.fieldValue)
        problems.push(`embed ${i} field "${f.name.slice(0, 20)}" too long`);
    }
    if ((e.footer?.text.length ?? 0) > L.footerText) problems.push(`embed ${i} footer > ${L.footerText}`);
    total += embedLength(e);
  }
  if (total > L.embedsTotal) problems.push(`embeds total ${total} > ${L.embedsTotal}`);
  return problems;
}
