/**
 * An error whose message is one plain sentence fit to show a user (CLI stderr, console, Discord).
 * Anything else thrown inside the core is a bug and is logged with its stack.
 */
export class QuothError extends Error {
  constructor(
    message: string,
    readonly code: QuothErrorCode = 'invalid_input',
  ) {
    super(message);
    this.name = 'QuothError';
  }
}

/**
 * An article id the library does not hold. The message names no front end: each adds how its users
 * list the ids (`quoth list`, /articles, Discord's suggestions).
 */
export class UnknownArticleError extends QuothError {
  constructor(readonly articleId: string) {
    super(`No article with id "${articleId}" in this library.`, 'not_found');
  }
}

export type QuothErrorCode =
  | 'invalid_input'
  | 'not_found'
  | 'too_large'
  | 'unsupported'
  | 'fetch_failed'
  | 'forbidden_address'
  | 'storage'
  | 'model_mismatch'
  /** A bad setting in the environment or .env: the user fixes it, so no stack trace is shown. */
  | 'config';

export function isQuothError(err: unknown): err is QuothError {
  return err instanceof QuothError;
}

/** The one-line message of any error, for adapters. */
export function oneLine(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  // Escaped, not cut: a file name with a newline in it must not hide the rest of the message.
  return msg.trim().replace(/\r\n|\r|\n/g, '\\n');
}
