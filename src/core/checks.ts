import { QuothError } from '../shared/errors.ts';
import type { CollectionOption } from '../shared/types.ts';

export const DEFAULT_COLLECTION = 'default';
const COLLECTION_NAME = /^[A-Za-z0-9_.-]{1,64}$/;

export function collectionOf(opts: CollectionOption): string {
  const c = opts.collection ?? DEFAULT_COLLECTION;
  if (!COLLECTION_NAME.test(c)) {
    throw new QuothError(`"${c}" is not a valid collection name (letters, digits, "_", "-" and ".", at most 64).`);
  }
  return c;
}

/** The trimmed question or query; refuses an empty or over-long one. */
export function checkQuestion(question: string, what: string, maxChars: number): string {
  const q = (question ?? '').trim();
  if (!q) throw new QuothError(`The ${what} is empty.`);
  if (q.length > maxChars) {
    const [length, limit] = [q.length, maxChars].map((n) => n.toLocaleString('en-US'));
    throw new QuothError(`The ${what} is ${length} characters long; the limit is ${limit}.`);
  }
  return q;
}

/** `value` when it is a whole number in [min, max]; else a refusal naming `what`. */
export function wholeNumberIn(value: number, min: number, max: number, what: string): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new QuothError(`The ${what} must be a whole number from ${min} to ${max}.`);
  }
  return value;
}
