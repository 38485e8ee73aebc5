// The page for keyboards and screen readers: an axe-core audit (axe.js) finds
// no serious or critical violation in the states a lesson shows, at a desktop's
// 1280 px and a phone's 375 px; the attention maps are reached with Tab and
// explored with the arrow keys, and each head has its strongest links as text.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { assertAccessible } from './axe.js';
import { outputDir, setControl, train, trainTokenizer, useBrowser, withPage } from './helpers.js';

useBrowser();

const WIDTHS = [1280, 375];

// Audits the page as it is now at each width; state: what the page shows, for the message.
async function auditAtEachWidth(page, state) {
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    await assertAccessible(page, `the page ${state}, at ${width} px`);
  }
}

async function trainTransformer(page) {
  await page.selectOption('#family', 'transformer');
  await setControl(page, '#steps', 40);
  await train(page, 'Transformer');
  await page.waitForFunction(() => document.querySelectorAll('#attention-maps canvas').length === 8);
}

describe('accessibility audit (axe-core)', () => {
  test('the page as it opens, and with tokens cut and greedy decoding on', () => withPage(async (page) => {
    await auditAtEachWidth(page, 'as it opens');
    await setControl(page, '#top-k', 3);
    await page.waitForSelector('#distribution .tok-row.cut');
    await setControl(page, '#greedy', true);
    await page.waitForSelector('#distribution .tok-row[data-cut="greedy"]');
    await auditAtEachWidth(page, 'with cut tokens and greedy decoding');
  }));

  test('a Transformer with its attention maps, and a measured generation cost', () => withPage(async (page) => {
    await trainTransformer(page);
    await page.click('#gencost-measure');
    await page.waitForFunction(() => document.getElementById('gencost-panel').dataset.measured === '1', null, { timeout: 60_000 });
    await auditAtEachWidth(page, 'with a Transformer\'s attention maps and the generation cost plot');
    await page.check('#attention-as-text');
    await auditAtEachWidth(page, 'with the attention maps shown as text');
  }));

  test('a BPE model, its passage cut into chips, two models compared', () => withPage(async (page) => {
    await page.selectOption('#tokenizer', 'bpe');
    await train(page, 'BPE');
    await trainTokenizer(page, 'bpe', 256);
    await auditAtEachWidth(page, 'with a BPE model and the passage as chips');
  }));
});

// The readout's words for the focused cell: [query, key, weight or null when masked].
const cellOf = (text) => {
  const m = /head \d+: “(.*)” \(position (\d+)\) → “(.*)” \(position (\d+)\): (?:([\d.]+)%|masked)/.exec(text);
  assert.ok(m, `the readout names a cell: ${text}`);
  return { query: Number(m[2]), key: Number(m[4]), keyToken: m[3], weight: m[5] === undefined ? null : Number(m[5]) };
};

describe('attention maps by keyboard and as text', () => {
  test('Tab reaches each map, the arrow keys move its cell focus, and the text names the strongest links', () => withPage(async (page) => {
    await trainTransformer(page);
    const readout = () => page.textContent('#attention-readout');

    // From the text field, Tab passes the "Show as text" switch and lands on the first map.
    await page.focus('#attention-text');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'attention-as-text');
    await page.keyboard.press('Tab');
    const focused = () => page.evaluate(() => {
      const el = document.activeElement;
      return el.tagName === 'CANVAS' ? { layer: el.dataset.layer, head: el.dataset.head, q: el.dataset.q, k: el.dataset.k } : el.tagName;
    });
    assert.deepEqual(await focused(), { layer: '0', head: '0', q: '0', k: '0' }, 'the first map, at its first cell');
    assert.equal(await page.getAttribute('#attention-maps canvas', 'role'), 'application');
    assert.match(await page.getAttribute('#attention-maps canvas', 'aria-label'), /^Block 1, head 1: rows .*queries.*keys.*Arrow keys/);
    assert.match(await readout(), /^block 1, head 1: “<bos>” \(position 1\) → “<bos>” \(position 1\): 100\.0%$/, 'the first position sees only itself');

    await page.keyboard.press('ArrowRight');
    assert.match(await readout(), /^block 1, head 1: “<bos>” \(position 1\) → “m” \(position 2\): masked, the future$/);
    await page.keyboard.press('ArrowDown');
    assert.deepEqual(await focused(), { layer: '0', head: '0', q: '1', k: '1' });
    assert.match(await readout(), /^block 1, head 1: “m” \(position 2\) → “m” \(position 2\): \d+\.\d%$/);
    await page.keyboard.press('ArrowLeft');
    assert.match(await readout(), /“m” \(position 2\) → “<bos>” \(position 1\): \d+\.\d%$/);
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');  // stays on the first row
    assert.deepEqual(await focused(), { layer: '0', head: '0', q: '0', k: '0' });
    const ring = await page.$eval('#attention-maps canvas', (canvas) => {
      const size = canvas.width / 6;
      return Array.from(canvas.getContext('2d').getImageData(1, Math.floor(size / 2), 1, 1).data);
    });
    assert.deepEqual(ring.slice(0, 3), [17, 24, 39], 'the focused cell is ringed');

    // The last row of head 1, key by key: the strongest of them is the one the text names.
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Home');
    const lastRow = [];
    for (let k = 0; k < 6; k++) {
      lastRow.push(cellOf(await readout()));
      await page.keyboard.press('ArrowRight');
    }
    assert.deepEqual(lastRow.map((c) => [c.query, c.key]), [1, 2, 3, 4, 5, 6].map((k) => [6, k]));
    const strongest = lastRow.reduce((a, b) => (b.weight > a.weight ? b : a));

    await page.keyboard.press('Tab');
    assert.deepEqual(await focused(), { layer: '0', head: '1', q: '0', k: '0' }, 'Tab goes on to the next head');

    // The text alternative: one table per head, a row per position with the key it attends to most.
    const tables = await page.$$eval('#attention-maps .attention-links table', (all) => all.map((table) => ({
      caption: table.caption.textContent,
      rows: [...table.tBodies[0].rows].map((row) => [...row.cells].map((cell) => cell.textContent)),
    })));
    assert.equal(tables.length, 8, 'a table per block and head');
    assert.deepEqual(tables.map((t) => t.caption.replace(/:.*/, '')),
      [1, 2].flatMap((b) => [1, 2, 3, 4].map((h) => `Block ${b}, head ${h}`)));
    for (const { caption, rows } of tables) {
      assert.equal(rows.length, 6, `${caption}: a row per position`);
      assert.deepEqual(rows[0], ['1 “<bos>”', '1 “<bos>”', '100.0%'], `${caption}: the first position sees only itself`);
      for (const [i, [, key, weight]] of rows.entries()) {
        assert.ok(Number.parseInt(key, 10) <= i + 1, `${caption}: row ${i + 1} attends to the past, not the masked future`);
        assert.ok(Number.parseFloat(weight) >= 100 / (i + 1) - 0.05, `${caption}: row ${i + 1}'s strongest link ${weight} is at least an even share`);
      }
    }
    assert.deepEqual(tables[0].rows[5], ['6 “a”', `${strongest.key} “${strongest.keyToken}”`, `${strongest.weight.toFixed(1)}%`],
      'the text names the cell the keyboard found strongest');

    // Read by screen readers whether shown or not; shown on request.
    const firstTable = page.locator('#attention-maps .attention-links').first();
    assert.match(await page.locator('#attention-maps figure').first().ariaSnapshot(), /table "Block 1, head 1: where each position attends most"/);
    assert.ok((await firstTable.boundingBox()).width <= 1, 'visually hidden until asked for');
    await page.check('#attention-as-text');
    assert.ok((await firstTable.boundingBox()).width > 100, 'shown as text');
    await page.locator('#attention-panel').screenshot({ path: join(outputDir, 'page-attention-as-text.png') });
  }));

  test('every region that scrolls is a tab stop with a name', () => withPage(async (page) => {
    const regions = await page.$$eval('.table-wrap, #tok-chips', (all) => all.map((el) => ({
      id: el.id || el.querySelector('table')?.id, tabIndex: el.tabIndex, role: el.getAttribute('role'),
      name: el.getAttribute('aria-label') ?? document.getElementById(el.getAttribute('aria-labelledby'))?.textContent.trim(),
    })));
    assert.deepEqual(regions.map((r) => r.id), ['compare-table', 'ngram-stats', 'sweep-table', 'exposure-table', 'tok-chips', 'gencost-table']);
    for (const region of regions) {
      assert.equal(region.tabIndex, 0, `${region.id} is a tab stop`);
      assert.ok(region.role && region.name, `${region.id} has a role and a name: ${JSON.stringify(region)}`);
    }
  }));
});
