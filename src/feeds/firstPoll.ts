// What a person who just followed a feed is told about its first poll, which a running scheduler
// starts at once (the bot, the console): shared wording so both edges say the same thing.
import type { AddedFeed } from './feedTypes.ts';

export function firstPollNote(added: Pick<AddedFeed, 'items' | 'firstPollItems'>): string {
  const { items, firstPollItems } = added;
  if (items === 0) return 'it has no stories yet; new ones are added with every poll.';
  const stories = `stor${items === 1 ? 'y' : 'ies'}`;
  if (firstPollItems < items) {
    return `adding the first ${firstPollItems} of its ${items} ${stories} now, the rest with the next polls.`;
  }
  return `adding its ${items} ${stories} now; new ones follow with every poll.`;
}
