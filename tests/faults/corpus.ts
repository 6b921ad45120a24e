// A seeded synthetic corpus for the fault suite, so `npm test` never depends on shared data: the same
// seed writes the same articles, and each article holds one sentence unique to it to ask about.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** mulberry32: a tiny seeded generator, so every round's kill moment is reproducible from its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  'harbor council budget river bridge school teacher union strike ferry schedule rest hours vote ' +
  'mayor library museum garden market farmer grain price rail station tunnel engineer storm flood ' +
  'repair contract tender bid supplier audit report committee member clinic nurse patient ward ' +
  'battery factory worker shift wage pension fund bond rate loan bank branch'
).split(' ');

export interface Corpus {
  dir: string;
  articles: number;
  /** A sentence unique to article i, to check answers against. */
  codeSentence: (i: number) => string;
}

/** Writes `n` plain-text articles of 6–12 sentences each; the same seed writes the same corpus. */
export async function writeCorpus(dir: string, n: number, seed = 7): Promise<Corpus> {
  const rand = seededRandom(seed);
  const pick = () => WORDS[Math.floor(rand() * WORDS.length)]!;
  const codeSentence = (i: number) => `The code name of project ${i + 1} is ${WORDS[i % WORDS.length]}fox${i + 1}.`;
  await mkdir(dir, { recursive: true });
  for (let i = 0; i < n; i++) {
    const sentences = [codeSentence(i)];
    const count = 6 + Math.floor(rand() * 7);
    for (let s = 0; s < count; s++) {
      const words = Array.from({ length: 8 + Math.floor(rand() * 10) }, pick);
      words[0] = words[0]!.charAt(0).toUpperCase() + words[0]!.slice(1);
      sentences.splice(Math.floor(rand() * (sentences.length + 1)), 0, `${words.join(' ')}.`);
    }
    const title = `Report ${i + 1} on the ${pick()} and the ${pick()}`;
    await writeFile(
      path.join(dir, `report-${String(i + 1).padStart(4, '0')}.txt`),
      `${title}\n\n${sentences.join(' ')}\n`,
    );
  }
  return { dir, articles: n, codeSentence };
}
