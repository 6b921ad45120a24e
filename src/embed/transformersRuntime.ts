// transformers.js, loaded with require (its CommonJS build) rather than import. bin/*.js run the
// TypeScript sources through tsx, whose ESM loader spent ~0.5 s on transformers.js's 1.5 MB ESM
// bundle at every hybrid start (import through tsx 650–700 ms, require 120–180 ms, plain Node
// import 170–240 ms; quiet 2-core machine). tsx registers no CommonJS hook here, so require reads
// the file as Node does. Everything in Quoth takes transformers.js from this one module, so there
// is one `env` (set per load by modelSource.withModelEnv) and one pipeline cache.
import { createRequire } from 'node:module';

export const transformers = createRequire(import.meta.url)(
  '@huggingface/transformers',
) as typeof import('@huggingface/transformers');
