import { describe, expect, it } from 'vitest';
import { QuothError } from '../../src/shared/errors.ts';
import { extractHtml } from '../../src/ingest/extractHtml.ts';

const PARAS = [
  'The water board said on Friday that the reservoir had reached its lowest level since records began in 1962.',
  'Hosepipe use will be banned from Monday across the district, and fines of up to 1,000 dollars will apply.',
  'Board chair Elena Vasquez said rain in the spring had been less than half the usual amount for the third ' +
    'year running.',
];

describe('extractHtml on awkward real-world shapes', () => {
  it('keeps an article that the page wraps in a <form> (ASP.NET style)', () => {
    const html = `<html><body><form id="aspnetForm" method="post"><div class="page"><h1>Reservoir at record low</h1>
      ${PARAS.map((p) => `<p>${p}</p>`).join('')}</div></form></body></html>`;
    expect(extractHtml(html).text).toBe(PARAS.join('\n\n'));
  });

  it('keeps an embedded tweet and a repeated caption once, drops a hover card', () => {
    const caption = '<figure><img src="a.jpg"><figcaption>The reservoir in August.</figcaption></figure>';
    const html = `<html><body><article><h1>Reservoir at record low</h1><p>${PARAS[0]}</p>${caption}
      <p>${PARAS[1]}</p>${caption}<blockquote class="twitter-tweet"><p>Please save water: the ban starts Monday.</p>
      — Water Board (@waterboard) June 6, 2025</blockquote>${caption}
      <p>Board chair <span class="hovercard"><span>Elena Vasquez leads the board. MORE</span></span>Elena Vasquez
      said rain
      in the spring had been less than half the usual amount for the third year running.</p></article></body></html>`;
    const text = extractHtml(html).text;
    expect(text.match(/The reservoir in August\./g)).toHaveLength(1);
    expect(text).toContain('Please save water: the ban starts Monday.');
    expect(text).not.toContain('MORE');
    expect(text).toContain(PARAS[2]);
  });

  it('finishes on 10,000 and 100,000 nested <div>s with the text or a clear error', () => {
    for (const depth of [10_000, 100_000]) {
      const html = `<html><body>${'<div>'.repeat(depth)}<p>${PARAS[0]}</p>${'</div>'.repeat(depth)}</body></html>`;
      let text = '';
      try {
        text = extractHtml(html).text;
      } catch (err) {
        expect(err).toBeInstanceOf(QuothError);
        continue;
      }
      expect(text).toBe(PARAS[0]);
    }
  }, 60_000);
});
