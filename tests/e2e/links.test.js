// The page's address holds its state: a walk over the option table sets each
// option the page shows through its control, finds it in the hash under its
// own key, and finds it again in the control of a fresh browser context opened
// on that hash. Also: options the page has no control for reach the worker
// from a link, panels and locks round-trip, defaults are not written, the
// address is replaced rather than pushed, and Copy link copies it.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { OPTIONS } from '../../web/build/option-table.js';
import { readLink } from '../../web/link.js';
import { defaultOf } from '../../web/options.js';
import { HIDDEN_OPTIONS } from '../../web/presets.js';
import { PROBES } from '../option-probes.js';
import { outputDir, setControl, useBrowser, waitForModel, withLink } from './helpers.js';

useBrowser();

// The control of an option in step 1 or Generate (the tokenizer panel reuses step 1's keys and is not in links).
const controlOf = (key) => `#train-panel [data-option="${key}"], #generate-panel [data-option="${key}"]`;

// The page's one rule between options (options.js): add-k's k counts, and is sent, only with add-k smoothing.
const ALSO = { k: { smoothing: 'addk' } };

// What must be chosen first for the option to apply: the model and tokenizer of its probe.
function setupOf(option) {
  const { model = defaultOf('model'), tokenizer = defaultOf('tokenizer') } = PROBES[option.key];
  const setup = { model, tokenizer, ...ALSO[option.key] };
  delete setup[option.key];
  return setup;
}

// The options the page shows, in groups that share a setup; the model and
// the tokenizer each alone, since choosing them changes what applies.
function groups() {
  const byName = new Map();
  for (const option of OPTIONS.filter((o) => !(o.key in HIDDEN_OPTIONS))) {
    const setup = setupOf(option);
    const name = JSON.stringify(setup) + (['model', 'tokenizer'].includes(option.key) ? option.key : '');
    if (!byName.has(name)) byName.set(name, { setup, options: [] });
    byName.get(name).options.push(option);
  }
  return [...byName.values()];
}

// What a control shows (run in the page), then in the table's type.
const shownValue = (control) => (control.type === 'checkbox' ? control.checked : control.value);
const typed = (option, shown) => (option.type === 'integer' || option.type === 'number' ? Number(shown) : shown);

// The hash once it holds these values ({ key: value }), as a link writes them.
async function hashOf(page, values) {
  const texts = Object.fromEntries(Object.entries(values).map(([key, value]) => [key, typeof value === 'boolean' ? (value ? '1' : '0') : String(value)]));
  await page.waitForFunction((wanted) => {
    const params = new URLSearchParams(location.hash.slice(1));
    return Object.entries(wanted).every(([key, text]) => params.get(key) === text);
  }, texts, { timeout: 5000 });
  return page.evaluate(() => location.hash.slice(1));
}

// Records every message the page sends its model worker (window.sentToWorker).
function recordWorkerMessages() {
  window.sentToWorker = [];
  const post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function record(message, ...rest) {
    window.sentToWorker.push(message);
    return post.call(this, message, ...rest);
  };
}

describe('every control round-trips through the address', () => {
  for (const { setup, options } of groups()) {
    const keys = options.map((option) => option.key);
    test(`${keys.join(', ')} (with ${JSON.stringify(setup)})`, async () => {
      const hash = await withLink('', async (page) => {
        for (const [key, value] of Object.entries(setup)) await setControl(page, controlOf(key), value);
        for (const option of options) await setControl(page, controlOf(option.key), PROBES[option.key].value);
        return hashOf(page, Object.fromEntries(keys.map((key) => [key, PROBES[key].value])));
      });

      const link = readLink(hash);
      assert.deepEqual(link.ignored, [], hash);
      for (const key of keys) assert.deepEqual(link.options[key], PROBES[key].value, `${key} in ${hash}`);
      const model = link.options.model ?? defaultOf('model');
      for (const [key, value] of Object.entries(link.options)) {
        assert.notDeepEqual(value, defaultOf(key, model), `${key}=${value} is the table's default, yet written (${hash})`);
      }

      await withLink(hash, async (page) => {
        for (const option of [...options, ...Object.keys(setup).map((key) => OPTIONS.find((o) => o.key === key))]) {
          const expected = option.key in setup ? setup[option.key] : PROBES[option.key].value;
          const shown = await page.$eval(controlOf(option.key), shownValue);
          assert.deepEqual(typed(option, shown), expected, `${option.key}: the control of a fresh page opened on #${hash}`);
        }
        assert.equal(await page.isHidden('#link-notice'), true);
      });
    });
  }
});

describe('the address', () => {
  test('options the page has no control for reach the worker from a link, and stay in the address', async () => {
    const given = { batch: 8, seqLen: 16, optimizer: 'sgd', warmup: 0, seed: 5, memoryLimitMb: 512, dropout: 0.1 };
    const hash = `model=mlp&steps=30&${new URLSearchParams(given)}&train=1`;
    await withLink(hash, async (page) => {
      await waitForModel(page, 'MLP', 30_000);
      const request = await page.evaluate(() => window.sentToWorker.find((message) => message.type === 'train'));
      for (const [key, value] of Object.entries(given)) assert.equal(request.options[key], value, key);
      assert.equal(request.options.evalEvery, 10, 'the page derives what the link leaves out');
      await setControl(page, '#count', 7);
      const written = readLink(await hashOf(page, { count: 7 }));
      assert.deepEqual({ ...written.options, ...written.page }, {
        ...given, model: 'mlp', steps: 30, evalEvery: 10, valSplit: 'interleaved', count: 7, train: true,
      });
    }, { init: recordWorkerMessages });
  });

  test('panels, locks and hidden controls round-trip; a change replaces the address, never adds to the history', async () => {
    const view = 'panels=train,generate&lock=order,temperature&hide=smoothing,valFraction,count';
    const check = async (page) => {
      for (const [id, off] of [['train-panel', false], ['generate-panel', false], ['readout-panel', true], ['tok-panel', true]]) {
        assert.equal(await page.$eval(`#${id}`, (panel) => panel.classList.contains('panel-off')), off, id);
      }
      assert.equal(await page.isDisabled('#order'), true);
      assert.equal(await page.isDisabled('#temperature'), true);
      assert.equal(await page.isDisabled('#top-k'), false);
      // Hidden: the control and its label, nothing else of the row.
      for (const id of ['smoothing', 'val-fraction', 'count']) assert.equal(await page.isVisible(`#${id}`), false, `#${id} hidden`);
      assert.equal(await page.isVisible('label[for="count"]'), false, 'with its label');
      for (const id of ['order', 'max-tokens', 'seed']) assert.equal(await page.isVisible(`#${id}`), true, `#${id} shown`);
    };
    const hash = await withLink(view, async (page) => {
      await check(page);
      const entries = await page.evaluate(() => history.length);
      await setControl(page, '#top-k', 5);
      await setControl(page, '#max-tokens', 40);
      const written = await hashOf(page, { topK: 5, maxTokens: 40 });
      assert.equal(written, `valSplit=interleaved&topK=5&maxTokens=40&count=5&${view}`, 'the page\'s own start (count=5) is kept though its control is hidden');
      assert.equal(await page.evaluate(() => history.length), entries);
      await page.screenshot({ path: `${outputDir}/links-panels-locked.png` });
      return written;
    });
    await withLink(hash, check);
  });

  test('another link entered in the same tab is loaded, not written over', async () => {
    await withLink('order=2', async (page) => {
      await waitForModel(page, 'bigram');
      await Promise.all([page.waitForEvent('load'), page.evaluate(() => { location.hash = 'order=5&topK=4'; })]);
      await waitForModel(page, '5-gram');
      assert.equal(await page.inputValue('#top-k'), '4');
    });
  });

  test('a value set back to its default leaves the address', async () => {
    await withLink('', async (page) => {
      await setControl(page, '#temperature', 0.5);
      await hashOf(page, { temperature: 0.5 });
      await setControl(page, '#temperature', 1);
      await page.waitForFunction(() => !location.hash.includes('temperature'), null, { timeout: 5000 });
      assert.deepEqual(readLink(await page.evaluate(() => location.hash)).options, { valSplit: 'interleaved', count: 5 },
        'what is left: the page\'s own departures from the table (the names split, five samples)');
    });
  });
});

describe('Copy link', () => {
  test('copies the address with the latest change, from the keyboard too, and says so', async () => {
    await withLink('', async (page) => {
      await waitForModel(page, 'trigram');
      await setControl(page, '#count', 7);
      await page.focus('#copy-link');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.getElementById('copy-link-info').textContent === 'Copied.');
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      assert.equal(copied, await page.evaluate(() => location.href));
      assert.equal(readLink(new URL(copied).hash).options.count, 7);
      await page.screenshot({ path: `${outputDir}/links-copied.png`, clip: { x: 0, y: 0, width: 1280, height: 220 } });

      // A pasted text cannot travel in a link: the visitor is told what it opens on instead.
      await page.selectOption('#corpus', 'paste');
      await page.click('#copy-link');
      await page.waitForFunction(() => document.getElementById('copy-link-info').textContent.includes('Your own text is not in it'));
    }, { permissions: ['clipboard-read', 'clipboard-write'] });
  });

  test('without a clipboard, the link shows selected in a text field', async () => {
    const refuseClipboard = () => {
      Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => ({ writeText: () => Promise.reject(new Error('denied')) }) });
    };
    await withLink('order=4', async (page) => {
      await waitForModel(page, '4-gram');
      await page.click('#copy-link');
      await page.waitForSelector('#link-field:not([hidden])');
      const field = await page.$eval('#link-field', (input) => ({
        value: input.value, focused: document.activeElement === input, selected: input.selectionEnd - input.selectionStart,
      }));
      assert.equal(field.value, await page.evaluate(() => location.href));
      assert.match(field.value, /#valSplit=interleaved&order=4&count=5$/);
      assert.deepEqual([field.focused, field.selected], [true, field.value.length]);
      assert.match(await page.textContent('#copy-link-info'), /Ctrl\+C/);
      await page.screenshot({ path: `${outputDir}/links-copy-fallback.png`, clip: { x: 0, y: 0, width: 1280, height: 220 } });
    }, { init: refuseClipboard });
  });
});
