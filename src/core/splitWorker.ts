// The ingest's splitting thread: sentences and chunks of lexical-mode articles (no model tokenizer
// needed), so they are read on the second core while the main thread writes the previous ones.
import { parentPort, workerData } from 'node:worker_threads';
import { chunkArticle, estimateTokens } from '../text/chunkArticle.ts';
import { splitSentences } from '../text/splitSentences.ts';
import type { SplitReply, SplitRequest } from './splitThread.ts';

const port = parentPort!;
const { budget } = workerData as { budget: number };

port.on('message', ({ id, text }: SplitRequest) => {
  let reply: SplitReply;
  try {
    const sentences = splitSentences(text);
    reply = { id, sentences, chunks: chunkArticle(text, sentences, estimateTokens, budget) };
  } catch (err) {
    reply = { id, error: err instanceof Error ? err.message : String(err) };
  }
  port.postMessage(reply);
});
port.postMessage({ id: -1, ready: true });
