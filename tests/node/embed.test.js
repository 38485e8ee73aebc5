// The parts of <lm-playground> that need no browser: attributes read as a
// link's keys (lowercased by HTML), the height attribute, style.css read for
// a shadow root (rems at the playground's own size, width queries on the
// element's frame), and the snippets teachers copy.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { heightOf, linkPairsOf, OBSERVED_ATTRIBUTES } from '../../web/embed-attributes.js';
import { elementSnippet, iframeSnippet, iframeSource } from '../../web/embed-snippets.js';
import { LINK_KEYS, readLink } from '../../web/link.js';
import { remAsVar, shadowCss, widthQueriesAsContainer } from '../../web/ui/page-markup.js';

test('attributes as HTML gives them (lowercased) are read as the keys link.js spells', () => {
  const attributes = [['topp', '0.9'], ['sampleseed', '7'], ['corpus', 'moby'], ['panels', 'generate'], ['lesson', 'bigrams']];
  const link = readLink(linkPairsOf(attributes));
  assert.deepEqual(link.options, { topP: 0.9, sampleSeed: 7 });
  assert.deepEqual(link.page, { corpus: { choice: 'moby' }, panels: ['generate'], lesson: 'bigrams' });
  assert.deepEqual(link.ignored, []);
});

test('the element\'s own and the global attributes are passed over; any other name is ignored by readLink with its reason', () => {
  const attributes = [['height', '600'], ['id', 'a'], ['class', 'wide'], ['style', 'margin: 0'], ['data-week', '3'],
    ['aria-label', 'A playground'], ['onclick', 'x()'], ['colour', 'red'], ['order', '12']];
  const pairs = linkPairsOf(attributes);
  assert.deepEqual(pairs, [['colour', 'red'], ['order', '12']]);
  const { ignored } = readLink(pairs);
  assert.deepEqual(ignored.map(({ key }) => key), ['colour', 'order']);
  assert.match(ignored[1].why, /^must be /);
});

test('every key of a link is an observed attribute, in lowercase, and so is height', () => {
  for (const key of LINK_KEYS) assert.ok(OBSERVED_ATTRIBUTES.includes(key.toLowerCase()), key);
  assert.ok(OBSERVED_ATTRIBUTES.includes('height'));
  assert.ok(OBSERVED_ATTRIBUTES.every((name) => name === name.toLowerCase()));
});

test('height: a bare number is pixels, a length is kept, anything else is refused', () => {
  assert.equal(heightOf(null), '');
  assert.equal(heightOf(''), '');
  assert.equal(heightOf('600'), '600px');
  assert.equal(heightOf(' 600px '), '600px');
  assert.equal(heightOf('40em'), '40em');
  assert.equal(heightOf('80vh'), '80vh');
  assert.equal(heightOf('12.5rem'), '12.5rem');
  for (const bad of ['tall', '-5', '600 px', '1e3', 'calc(1px)', '600px; color: red']) assert.equal(heightOf(bad), null, bad);
});

test('every rem of style.css becomes a multiple of var(--rem), signs kept, names left alone', () => {
  assert.equal(remAsVar('margin: -.35rem 0 .8rem; gap: 1.5rem 2rem'),
    'margin: calc(-.35 * var(--rem)) 0 calc(.8 * var(--rem)); gap: calc(1.5 * var(--rem)) calc(2 * var(--rem))');
  assert.equal(remAsVar('--gap-2rem: 1px; .x2rem {}'), '--gap-2rem: 1px; .x2rem {}');
  const read = shadowCss(readFileSync(new URL('../../web/style.css', import.meta.url), 'utf8'));
  assert.doesNotMatch(read.replace(/\/\*[\s\S]*?\*\//g, ''), /\drem\b/, 'no rem left outside comments');
});

test('media queries on the width alone become queries on the element\'s frame; others stay', () => {
  assert.equal(widthQueriesAsContainer('@media (max-width: 820px) { .a {} }'), '@container playground (max-width: 820px) { .a {} }');
  assert.equal(widthQueriesAsContainer('@media (min-width: 400px) and (max-width: 599.5px){'), '@container playground (min-width: 400px) and (max-width: 599.5px) {');
  for (const kept of ['@media (prefers-reduced-motion: reduce) {', '@media (max-width: 600px) and (pointer: coarse) {', '@media print {']) {
    assert.equal(widthQueriesAsContainer(kept), kept);
  }
  const read = shadowCss(readFileSync(new URL('../../web/style.css', import.meta.url), 'utf8'));
  for (const line of read.split('\n').filter((text) => text.includes('@media'))) {
    assert.doesNotMatch(line, /width/, `${line}: a width query left to the window`);
  }
});

test('snippets: attribute values escaped, keys as in the hash, the iframe\'s script trusting the playground\'s origin only', () => {
  const base = 'https://courses.example/lm/';
  assert.equal(elementSnippet(base, 'topP=0.9&corpus=https%3A%2F%2Fx.example%2Fa%3Fb%3D1%26c%3D%22', { height: 500 }),
    '<script type="module" src="https://courses.example/lm/embed.js"></script>\n'
    + '<lm-playground topP="0.9" corpus="https://x.example/a?b=1&amp;c=&quot;" height="500"></lm-playground>');
  assert.equal(iframeSource(base, 'order=5&panels=train,generate'), 'https://courses.example/lm/index.html#order=5&panels=train,generate');
  const iframe = iframeSnippet(base, 'order=5&panels=train,generate');
  assert.match(iframe, /<iframe src="https:\/\/courses\.example\/lm\/index\.html#order=5&amp;panels=train,generate" data-lm-playground/);
  assert.match(iframe, /event\.origin !== 'https:\/\/courses\.example'/);
  assert.match(iframe, /frame\.contentWindow === event\.source/);
});
