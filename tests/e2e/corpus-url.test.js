// A training text at an address (corpus=https://...): the page fetches it in
// its model worker, same-origin or CORS-enabled only, with a size limit, and
// says clearly why a fetch failed; the page stays usable. The texts come from
// the test server (tests/text-routes.js); a second server, another origin
// that allows nothing, stands for a site without CORS.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startServer } from '../../scripts/serve.js';
import { readLink } from '../../web/link.js';
import { TEXT_ROUTES } from '../text-routes.js';
import { outputDir, pageUrl, setControl, train, useBrowser, waitForModel, withLink } from './helpers.js';

useBrowser({ routes: TEXT_ROUTES });

// Chromium reports a refused fetch in the console itself; the page's own words are what is tested.
const NETWORK_NOISE = /Failed to load resource|blocked by CORS policy|net::ERR_/;

async function errorOf(page) {
  await page.waitForSelector('#error:not([hidden])', { timeout: 20_000 });
  return page.textContent('#error');
}

describe('a text at an address', () => {
  test('served by the page\'s own site: fetched, named by its file name, trained on', async () => {
    const url = `${pageUrl()}texts/poems.txt`;
    await withLink(`corpus=${url}&order=2`, async (page) => {
      await waitForModel(page, 'bigram');
      assert.equal(await page.$eval('#corpus', (select) => select.selectedOptions[0].textContent), `poems.txt (${new URL(url).host})`);
      assert.equal(await page.inputValue('#corpus-url'), url);
      assert.match(await page.textContent('#model-name'), /“poems\.txt”/);
      assert.match(await page.textContent('#url-info'), /at most 10\.0 MB/);
      await page.screenshot({ path: `${outputDir}/corpus-url.png`, clip: { x: 0, y: 0, width: 1280, height: 700 } });
    });
  });

  test('typed into its field, it goes into the address', async () => {
    await withLink('', async (page) => {
      await waitForModel(page, 'trigram');
      await page.selectOption('#corpus', 'url');
      const url = `${pageUrl()}texts/poems.txt`;
      await setControl(page, '#corpus-url', url);
      await page.waitForFunction((u) => new URLSearchParams(location.hash.slice(1)).get('corpus') === u, url);
      assert.deepEqual(readLink(await page.evaluate(() => location.hash)).page.corpus, { choice: 'url', url });
      await train(page, 'trigram');
      assert.match(await page.textContent('#model-name'), /“poems\.txt”/);
    });
  });

  const failures = {
    'missing.txt': /^Could not train: the text at http:\/\/localhost:\d+\/texts\/missing\.txt could not be fetched: the server answered 404 Not Found\.$/,
    'too-large.txt': /could not be fetched: it is 10\.0 MB, and a text fetched from an address may be at most 10\.0 MB\.$/,
    'endless.txt': /could not be fetched: it is more than 10\.0 MB, and a text fetched from an address may be at most 10\.0 MB\.$/,
    'page.html': /could not be fetched: it is a web page \(text\/html\), not a plain-text file; for a file on GitHub, link its Raw address\.$/,
  };
  for (const [file, message] of Object.entries(failures)) {
    test(`${file}: a clear message, and the page stays usable`, async () => {
      await withLink(`corpus=${pageUrl()}texts/${file}`, async (page) => {
        assert.match(await errorOf(page), message);
        assert.equal(await page.textContent('#status'), 'No model: the training failed, the reason is under Train.', 'the first line read points to the reason');
        if (file === 'too-large.txt') await page.screenshot({ path: `${outputDir}/corpus-url-too-large.png`, clip: { x: 0, y: 0, width: 1280, height: 900 } });
        await page.selectOption('#corpus', 'names');
        await train(page, 'trigram');
        assert.equal(await page.isHidden('#error'), true);
      }, { allowed: NETWORK_NOISE });
    });
  }

  describe('on another site', () => {
    let other;
    before(async () => {
      other = await startServer(0, '127.0.0.1', { routes: TEXT_ROUTES });
    });
    after(() => new Promise((resolve) => other.server.close(resolve)));

    test('that does not allow other sites to read it (no CORS): refused by the browser, and said so', async () => {
      await withLink(`corpus=${other.url}texts/poems.txt`, async (page) => {
        assert.match(await errorOf(page), /could not be fetched: the address could not be reached, or its server does not let other sites read it \(CORS\)\.$/);
      }, { allowed: NETWORK_NOISE });
    });
  });
});
