// Builds data/termPrior/en.tsv.gz, the background term statistics that let a small library weigh
// question words the way a large one would (see src/answer/termWeights.ts).
//
//   python3 -m pip install wordfreq   # 3.x; its data is CC-BY-SA 4.0 (see data/termPrior/README.md)
//   npx tsx scripts/buildTermPrior.ts [python3]
//
// Each English word of wordfreq's "large" list (frequency >= MIN_FREQ) is stemmed by SQLite's own
// FTS5 porter tokenizer — the one the library's index uses — and the frequencies of all words
// sharing a stem are summed, because a question word matches every sentence holding any word of its
// stem. The table is keyed by the surface word, so a lookup needs no stemmer at run time.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import Database from 'better-sqlite3';

const MIN_FREQ = 1e-8;
const OUT = path.resolve(import.meta.dirname, '../data/termPrior/en.tsv.gz');
const python = process.argv[2] ?? 'python3';

const exported = execFileSync(
  python,
  [
    '-c',
    `import wordfreq
d = wordfreq.get_frequency_dict('en', 'large')
print('#wordfreq', getattr(wordfreq, '__version__', ''))
for w, f in d.items():
    if f >= ${MIN_FREQ} and '\\t' not in w and '\\n' not in w:
        print(w + '\\t' + repr(f))`,
  ],
  { encoding: 'utf8', maxBuffer: 1 << 28 },
);
const words: { word: string; freq: number }[] = [];
for (const line of exported.split('\n')) {
  if (!line || line.startsWith('#')) continue;
  const [word, freq] = line.split('\t');
  words.push({ word: word!, freq: Number(freq) });
}

// Stem through FTS5: one row per word; fts5vocab 'instance' lists each row's tokens.
const db = new Database(':memory:');
db.exec(`CREATE VIRTUAL TABLE w USING fts5 (body, tokenize = 'porter unicode61');
         CREATE VIRTUAL TABLE v USING fts5vocab (w, instance);`);
const ins = db.prepare('INSERT INTO w (rowid, body) VALUES (?, ?)');
db.transaction(() => words.forEach((w, i) => ins.run(i + 1, w.word)))();
const tokensOf = new Map<number, string[]>();
type Instance = { doc: number; term: string };
const instances = db.prepare('SELECT doc, term FROM v ORDER BY doc, offset').iterate() as Iterable<Instance>;
for (const r of instances) {
  const list = tokensOf.get(r.doc) ?? [];
  list.push(r.term);
  tokensOf.set(r.doc, list);
}
// Only single-token words are kept: a question term that FTS5 splits is matched as a phrase, whose
// frequency the table cannot give.
const stemOf = new Map<number, string>();
const stemFreq = new Map<string, number>();
words.forEach((w, i) => {
  const tokens = tokensOf.get(i + 1);
  if (tokens?.length !== 1) return;
  stemOf.set(i, tokens[0]!);
  stemFreq.set(tokens[0]!, (stemFreq.get(tokens[0]!) ?? 0) + w.freq);
});

// Zipf scale (log10 of frequency per billion words), two decimals: compact and precise enough.
// Sorted by the words' UTF-8 bytes: src/answer/priorTable.ts binary-searches the file as it lies
// instead of building a map of 300,000 words at every start. A word listed twice keeps its last value.
const rows = new Map<string, string>();
words.forEach((w, i) => {
  const stem = stemOf.get(i);
  if (stem === undefined) return;
  rows.set(w.word, `${w.word}\t${(Math.log10(stemFreq.get(stem)! * 1e9)).toFixed(2)}`);
});
const lines = [
  '# word\tzipf frequency of all words sharing its FTS5 porter stem (wordfreq "large" English list), sorted by word bytes',
  ...[...rows.keys()].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))).map((word) => rows.get(word)!),
];
fs.mkdirSync(path.dirname(OUT), { recursive: true });
fs.writeFileSync(OUT, zlib.gzipSync(`${lines.join('\n')}\n`, { level: 9 }));
process.stderr.write(`${lines.length - 1} words, ${stemFreq.size} stems → ${OUT} (${fs.statSync(OUT).size} bytes)\n`);
