// web/embed.html, the page for teachers: a row per example, each with the
// snippet of the element and of the iframe as text, a Copy button that
// copies it exactly, and the two playgrounds it describes running beside.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { EXAMPLES } from '../../web/embed-examples.js';
import { elementSnippet, IFRAME_START_HEIGHT, iframeSnippet } from '../../web/embed-snippets.js';
import { openAt, origins, useTwoOrigins } from './embed-helpers.js';
import { assertNoProblems, outputDir, waitForModel } from './helpers.js';
import { LESSON_INDEX } from './lesson-helpers.js';

useTwoOrigins();

describe('the page for teachers (embed.html)', () => {
  test('every example with its two snippets to copy, and the first one running as an element and as an iframe', async () => {
    const { page, problems, close } = await openAt(new URL('embed.html', origins.playground).href,
      { permissions: ['clipboard-read', 'clipboard-write'] });
    try {
      const rows = page.locator('#examples > .example');
      assert.equal(await rows.count(), EXAMPLES.length);
      for (const [i, example] of EXAMPLES.entries()) {
        const row = rows.nth(i);
        assert.equal(await row.locator('.title').textContent(), example.title);
        const [element, iframe] = [row.locator('.snippet').nth(0), row.locator('.snippet').nth(1)];
        assert.equal(await element.textContent(), elementSnippet(origins.playground, example.keys, { height: example.height }));
        assert.equal(await iframe.textContent(), iframeSnippet(origins.playground, example.keys));
      }

      const first = rows.nth(0);
      await first.locator('.copy').nth(1).click();
      assert.equal(await page.evaluate(() => navigator.clipboard.readText()), iframeSnippet(origins.playground, EXAMPLES[0].keys));
      assert.equal(await first.locator('.copied').nth(1).textContent(), 'Copied.');

      await waitForModel(page, '5-gram', 30_000, '#examples lm-playground');
      const frame = await (await first.locator('iframe').elementHandle()).contentFrame();
      await waitForModel(frame, '5-gram', 30_000);
      await page.waitForFunction((start) => document.querySelector('#examples iframe').style.height !== `${start}px`, IFRAME_START_HEIGHT);
      assert.equal(await page.locator('#examples > .example:last-child lm-playground').count(), 0, 'rows far below start when scrolled to');
      assert.equal(await page.locator('#lesson-examples lm-playground').count(), 0, 'the lessons too');

      // In a column narrower than the page's breakpoint, the element lays out in one column, as the iframe does.
      const tracks = (layout) => getComputedStyle(layout).gridTemplateColumns.split(' ').length;
      assert.equal(await page.$eval('#examples lm-playground .layout', tracks), 1, 'the element: one column');
      assert.equal(await frame.$eval('.layout', tracks), 1, 'the iframe: one column');

      // Every lesson, after the examples, as an element and as an iframe; one scrolled to opens in both.
      const lessonRows = page.locator('#lesson-examples > .example');
      await page.waitForFunction((n) => document.querySelectorAll('#lesson-examples > .example').length === n, LESSON_INDEX.length);
      for (const [i, { name, title }] of LESSON_INDEX.entries()) {
        const row = lessonRows.nth(i);
        assert.equal(await row.locator('.title').textContent(), `${i + 1}. ${title}`);
        assert.match(await row.locator('.snippet').nth(0).textContent(), new RegExp(`<lm-playground lesson="${name}"`));
        assert.match(await row.locator('.snippet').nth(1).textContent(), new RegExp(`#lesson=${name}"`));
      }
      const sampling = lessonRows.nth(LESSON_INDEX.findIndex((entry) => entry.name === 'sampling'));
      await sampling.scrollIntoViewIfNeeded();
      await page.waitForFunction(() => {
        const root = document.querySelector('#lesson-examples lm-playground[lesson="sampling"]')?.shadowRoot;
        return /^Ready\./.test(root?.getElementById('lesson-status')?.textContent ?? '');
      }, null, { timeout: 60_000 });
      assert.equal(await page.textContent('#lesson-examples lm-playground[lesson="sampling"] #lesson-title'),
        LESSON_INDEX.find((entry) => entry.name === 'sampling').title);
      const lessonFrame = await (await sampling.locator('iframe').elementHandle()).contentFrame();
      await lessonFrame.waitForFunction(() => /^Ready\./.test(document.getElementById('lesson-status')?.textContent ?? ''), null, { timeout: 60_000 });
      assert.equal(await lessonFrame.textContent('#lesson-title'), LESSON_INDEX.find((entry) => entry.name === 'sampling').title);
      await sampling.screenshot({ path: join(outputDir, 'embed-page-lesson.png') });

      await page.evaluate(() => scrollTo(0, 0));
      await page.screenshot({ path: join(outputDir, 'embed-page.png') });
      await first.screenshot({ path: join(outputDir, 'embed-page-row.png') });
      assertNoProblems(problems);
    } finally {
      await close();
    }
  });
});
