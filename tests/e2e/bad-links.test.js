// A wrong hash is never an error page: unknown keys, values out of range,
// markup as a key and as a value, a 100 KB value and malformed % escapes each
// give one line naming the ignored keys and why, the defaults stand in, the
// page trains its first model as usual, and nothing from the hash is run or
// becomes an element: no dialog, no console error (withLink fails on either),
// no new element.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { outputDir, useBrowser, waitForModel, withLink } from './helpers.js';

useBrowser();

const SCRIPT = '<script>alert(1)</script>';
const IMAGE = '<img src=x onerror=alert(2)>';
const enc = encodeURIComponent;

// [name, hash, keys the notice names, what must still hold]
const CASES = [
  ['unknown keys', 'colour=blue&__proto__=1&constructor=2', ['colour', '__proto__', 'constructor']],
  ['values out of range or of the wrong type', 'order=99&topP=0&temperature=-1&model=gpt&steps=1.5&greedy=maybe',
    ['order', 'topP', 'temperature', 'model', 'steps', 'greedy']],
  ['markup as a key and as values', `${enc(SCRIPT)}=1&model=${enc(SCRIPT)}&corpus=${enc(SCRIPT)}&panels=${enc(IMAGE)}&lock=${enc(SCRIPT)}`,
    [SCRIPT, 'model', 'corpus', 'panels', 'lock']],
  ['a 100 KB value', `prompt=${'a'.repeat(100_000)}`, ['prompt']],
  ['malformed % escapes', '%E0%A4%A=1&order=%ZZ&k=%&smoothing=%E0%A4', ['\uFFFD%A', 'order', 'k', 'smoothing']],
];

// Elements a hash could have slipped in (run in the page): a script other
// than the page's own, an image (the page draws none), an on... handler.
// (A prompt kept in a data- attribute is text, as in a text node.)
const foreignElements = () => [...document.querySelectorAll('*')].filter((element) => (element.tagName === 'SCRIPT' && !element.src.endsWith('/app.js'))
  || element.tagName === 'IMG' || [...element.attributes].some((attribute) => attribute.name.startsWith('on')))
  .map((element) => element.outerHTML.slice(0, 120));

describe('a wrong hash is harmless', () => {
  for (const [name, hash, keys] of CASES) {
    test(`${name}: one line names ${keys.length} ignored key${keys.length > 1 ? 's' : ''}, the defaults stand in`, async () => {
      await withLink(hash, async (page) => {
        // The first model trains at once as on any visit: the page is usable.
        await waitForModel(page, 'trigram');
        const notice = await page.$eval('#link-notice', (box) => ({
          hidden: box.hidden, role: box.getAttribute('role'), text: box.querySelector('p').textContent, paragraphs: box.querySelectorAll('p').length,
        }));
        assert.equal(notice.hidden, false);
        assert.equal(notice.role, 'status');
        assert.equal(notice.paragraphs, 1, 'one line');
        assert.match(notice.text, /^Some of this link was ignored, and the defaults stand in: /);
        for (const key of keys) assert.ok(notice.text.includes(`“${key.slice(0, 39)}`), `the notice names ${key}: ${notice.text}`);
        assert.ok(notice.text.length < 1000, `the line stays short (${notice.text.length} characters)`);

        // The defaults stand in: the controls show the table's values.
        assert.equal(await page.inputValue('#family'), 'ngram');
        assert.equal(await page.inputValue('#temperature'), '1');
        assert.equal(await page.inputValue('#prompt'), '');
        assert.ok(await page.isVisible('#train-panel') && await page.isVisible('#readout-panel'));

        // Nothing from the hash became an element, and nothing ran.
        assert.deepEqual(await page.evaluate(foreignElements), []);
        assert.equal(await page.evaluate(() => document.body.innerHTML.includes('<script>alert') || document.body.innerHTML.includes('<img src=')), false);
        if (name === 'markup as a key and as values') {
          await page.screenshot({ path: `${outputDir}/bad-link-notice.png`, clip: { x: 0, y: 0, width: 1280, height: 300 } });
        }
        await page.click('#link-notice-close');
        assert.equal(await page.isHidden('#link-notice'), true, 'the visitor can dismiss it');
      });
    });
  }

  test('markup as a prompt is text: shown in the field and in the samples as typed, never as elements', async () => {
    await withLink(`prompt=${enc(IMAGE)}&count=2&maxTokens=3`, async (page) => {
      await waitForModel(page, 'trigram');
      assert.equal(await page.isHidden('#link-notice'), true, 'any text is a prompt: nothing was ignored');
      assert.equal(await page.inputValue('#prompt'), IMAGE);
      await page.click('#generate');
      await page.waitForSelector('#samples .sample-prompt');
      assert.equal(await page.textContent('#samples .sample-prompt'), IMAGE);
      assert.deepEqual(await page.evaluate(foreignElements), []);
    });
  });
});
