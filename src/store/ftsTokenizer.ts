/** The full-text tokenizer of the library's indexes, and of the scratch index that must match them. */
export const FTS_TOKENIZER = 'porter unicode61 remove_diacritics 2';
