// Writes the extraction corpus: tests/fixtures/extraction/<name>/{page.html,expected.txt} and a
// manifest. Run `npx tsx scripts/makeExtractionCorpus.ts` after editing stories or layouts; the
// files are committed so that the test and the eval read fixed pages. Folders named hand-* are
// written by hand (distinct markup, not made from these templates) and are kept and listed as they are.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expectedText, renderPage, SHELLS, type Options } from './extractionCorpus/layouts.ts';
import { STORIES } from './extractionCorpus/stories.ts';

const dir = fileURLToPath(new URL('../tests/fixtures/extraction/', import.meta.url));
fs.mkdirSync(dir, { recursive: true });
for (const entry of fs.readdirSync(dir)) {
  if (!entry.startsWith('hand-')) fs.rmSync(path.join(dir, entry), { recursive: true, force: true });
}
const manifest: { name: string; story?: string; options?: Options }[] = [];
STORIES.forEach((story, s) => {
  for (let v = 0; v < 4; v++) {
    const shell = SHELLS[(s + v * 3) % SHELLS.length]!;
    const options: Options = {
      shell,
      cookie: (s + v) % 2 === 0,
      tweet: v !== 1,
      hover: v >= 2,
      caption: shell === 'cards' ? 'repeat' : v === 0 || v === 3 ? 'once' : 'none',
      dateInBody: (s + v) % 3 === 0,
    };
    const name = `${story.slug}-${shell}`;
    fs.mkdirSync(path.join(dir, name), { recursive: true });
    fs.writeFileSync(path.join(dir, name, 'page.html'), renderPage(story, options));
    fs.writeFileSync(path.join(dir, name, 'expected.txt'), `${expectedText(story, options)}\n`);
    manifest.push({ name, story: story.slug, options });
  }
});
for (const entry of fs
  .readdirSync(dir)
  .filter((e) => e.startsWith('hand-'))
  .sort())
  manifest.push({ name: entry });
fs.writeFileSync(path.join(dir, 'manifest.json'), `${JSON.stringify({ pages: manifest }, null, 1)}\n`);
console.log(`${manifest.length} pages in ${dir}`);
