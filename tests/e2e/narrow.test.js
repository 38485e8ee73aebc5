// The page at a phone's 375 px, where lessons are read, measured rather than
// only looked at: what a control changes sits next to it (the next-token bars
// right under the sampling sliders), sliders span the width, checkboxes and
// other targets take a finger, "Models compared" shows bits per character
// without a side scroll, and every plot's labels are drawn at 11 px or more.
// Each check also runs at 1280 px, where the wide layout must hold.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { outputDir, setControl, train, useBrowser, withPage } from './helpers.js';

useBrowser();

const PHONE = { width: 375, height: 812 };
const DESKTOP = { width: 1280, height: 900 };
const TOUCH_PX = 44;     // a comfortable target for a finger
const CHECKBOX_PX = 24;  // WCAG 2.2, 2.5.8
const LABEL_PX = 10.9;   // the smallest label a plot may show, as rendered (11 px in style.css)
// The first bar under the temperature slider: the two other sliders, greedy and the
// bars' title lie between (it was 700 px, below Generate and the samples).
const SLIDER_TO_BARS_PX = 450;

const box = (page, selector) => page.$eval(selector, (el) => {
  const r = el.getBoundingClientRect();
  return { left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width, height: r.height };
});

// Each text of the chart: its size as rendered (CSS size x the viewBox's scale) and whether it lies inside the chart.
const chartLabels = (page, selector) => page.$eval(selector, (svg) => {
  const frame = svg.getBoundingClientRect();
  const scale = svg.getScreenCTM().a;
  return [...svg.querySelectorAll('text')].map((text) => {
    const r = text.getBoundingClientRect();
    return {
      text: text.textContent,
      px: parseFloat(getComputedStyle(text).fontSize) * scale,
      inside: r.left >= frame.left - 0.5 && r.right <= frame.right + 0.5 && r.top >= frame.top - 0.5 && r.bottom <= frame.bottom + 0.5,
      box: { left: r.left, right: r.right, top: r.top, bottom: r.bottom },
    };
  });
});

// Two labels overlap when their boxes share more than a pixel each way (a glyph's box has some air).
const overlap = (a, b) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1
  && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1;

function assertLegible(labels, where) {
  assert.ok(labels.length > 0, `${where}: labels drawn`);
  for (const [i, { text, px, inside, box: at }] of labels.entries()) {
    assert.ok(px >= LABEL_PX, `${where}: "${text}" is drawn at ${px.toFixed(1)} px, below ${LABEL_PX}`);
    assert.ok(inside, `${where}: "${text}" lies inside the chart`);
    for (const other of labels.slice(i + 1)) assert.ok(!overlap(at, other.box), `${where}: "${text}" runs into "${other.text}"`);
  }
}

const noSideScroll = (page) => page.evaluate(() => document.documentElement.scrollWidth <= innerWidth);

describe('at 375 px', () => {
  test('the next-token bars follow the sampling sliders; sliders span the width; targets take a finger', () => withPage(async (page) => {
    const temperature = await box(page, '#temperature');
    const panel = await page.$eval('#generate-panel .gen-controls', (el) => el.getBoundingClientRect().width);
    const firstBar = await box(page, '#distribution .tok-row');
    const topP = await box(page, '#top-p');
    const generate = await box(page, '#generate');
    assert.ok(firstBar.top - temperature.bottom <= SLIDER_TO_BARS_PX,
      `the first bar is ${Math.round(firstBar.top - temperature.bottom)} px under the temperature slider`);
    assert.ok(topP.bottom < firstBar.top && firstBar.top < generate.top, 'the bars come after the sliders and before Generate and its samples');

    for (const id of ['temperature', 'top-k', 'top-p']) {
      const slider = await box(page, `#${id}`);
      assert.ok(slider.width >= panel - 1, `#${id} spans the panel: ${slider.width} of ${panel} px`);
      assert.ok(slider.height >= TOUCH_PX, `#${id} is ${slider.height} px high`);
    }
    const checkboxes = await page.$$eval('input[type="checkbox"]', (all) => all.filter((c) => c.checkVisibility())
      .map((c) => ({ id: c.id, width: c.getBoundingClientRect().width, height: c.getBoundingClientRect().height })));
    assert.ok(checkboxes.some((c) => c.id === 'greedy'));
    for (const c of checkboxes) assert.ok(c.width >= CHECKBOX_PX && c.height >= CHECKBOX_PX, `#${c.id} is ${c.width} x ${c.height} px`);
    const small = await page.$$eval('button, select, input:not([type="checkbox"]):not([type="file"])', (all, least) => all
      .filter((el) => el.checkVisibility() && el.getBoundingClientRect().height < least)
      .map((el) => `#${el.id} ${el.getBoundingClientRect().height} px`), TOUCH_PX);
    assert.deepEqual(small, [], `every control is ${TOUCH_PX} px high or more`);
    assert.ok(await noSideScroll(page), 'the page does not scroll sideways');
    await page.locator('#generate-panel').screenshot({ path: join(outputDir, 'narrow-generate.png') });

    // Wide, the bars stand beside the controls, as before.
    await page.setViewportSize(DESKTOP);
    const wideTemperature = await box(page, '#temperature');
    const wideBar = await box(page, '#distribution .tok-row');
    assert.ok(wideBar.left > wideTemperature.right, 'at 1280 px the bars are beside the sliders');
    assert.ok(wideBar.top < wideTemperature.bottom, 'and level with them');
    assert.ok(wideTemperature.width > 400, 'with a long slider');
  }, { width: PHONE.width }));

  test('"Models compared" shows bits per character without a side scroll', () => withPage(async (page) => {
    await page.selectOption('#tokenizer', 'bpe');
    await train(page, 'BPE');
    const fit = () => page.$eval('#compare-section .table-wrap', (wrap) => ({
      scrolls: wrap.scrollWidth > wrap.clientWidth,
      cells: [...wrap.querySelectorAll('td.bpc')].map((td) => {
        const r = td.getBoundingClientRect();
        return { left: r.left, right: r.right, label: getComputedStyle(td, '::before').content };
      }),
    }));
    const narrow = await fit();
    assert.ok(!narrow.scrolls, 'the table does not scroll sideways');
    assert.equal(narrow.cells.length, 2, 'the character and the BPE trigram');
    for (const cell of narrow.cells) {
      assert.ok(cell.left >= 0 && cell.right <= PHONE.width, `bits per character in view: ${cell.left}..${cell.right}`);
      assert.equal(cell.label, '"val bits / char"', 'labelled by its column');
    }
    assert.ok(await noSideScroll(page));
    await page.locator('#compare-section').screenshot({ path: join(outputDir, 'narrow-comparison.png') });

    await page.setViewportSize(DESKTOP);
    const wide = await fit();
    assert.ok(!wide.scrolls && wide.cells.every((cell) => cell.label === 'none'), 'at 1280 px a plain table, its headers on top');
    assert.ok((await box(page, '#compare-table thead')).height > 10);
  }, { width: PHONE.width }));

  test('the generation-cost plot and the loss chart are drawn at their width, labels at 11 px', () => withPage(async (page) => {
    await page.click('#gencost-measure');
    await page.waitForFunction(() => document.getElementById('gencost-panel').dataset.measured === '1', null, { timeout: 60_000 });
    assertLegible(await chartLabels(page, '#gencost-chart'), 'generation cost at 375 px');
    await page.locator('#gencost-figure').screenshot({ path: join(outputDir, 'narrow-generation-cost.png') });

    // Turned or resized, it is drawn again at the new width.
    const drawnAt = () => page.$eval('#gencost-chart', (svg) => [svg.viewBox.baseVal.width, Math.round(svg.getBoundingClientRect().width)]);
    await page.setViewportSize(DESKTOP);
    await page.waitForFunction(() => {
      const svg = document.getElementById('gencost-chart');
      return svg.viewBox.baseVal.width === Math.round(svg.getBoundingClientRect().width);
    });
    const [wide] = await drawnAt();
    assert.ok(wide > 500, `drawn ${wide} px wide at 1280 px`);
    assertLegible(await chartLabels(page, '#gencost-chart'), 'generation cost at 1280 px');
    await page.setViewportSize(PHONE);
    await page.waitForFunction(() => document.getElementById('gencost-chart').viewBox.baseVal.width < 400);
    assertLegible(await chartLabels(page, '#gencost-chart'), 'generation cost back at 375 px');
    // A busy machine's recomputing, up to hundreds of thousands of µs: the tick labels stay clear of the axis title.
    await page.evaluate(async () => {
      const { drawGenerationCost } = await import('./ui/generation-cost-chart.js');
      const rows = [16, 32, 64, 128, 256].map((n, i) => ({ n, kvUs: 20 + i, recomputeUs: 3000 * 4 ** i, lstmUs: 15 }));
      drawGenerationCost(document.getElementById('gencost-chart'), document.getElementById('gencost-readout'), rows.map((r) => r.n), rows);
    });
    assertLegible(await chartLabels(page, '#gencost-chart'), 'generation cost of a slow machine at 375 px');

    // A neural model's loss chart, and its attention maps inside the phone's width.
    await page.selectOption('#family', 'transformer');
    await setControl(page, '#steps', 40);
    await train(page, 'Transformer');
    await page.waitForFunction(() => document.querySelectorAll('#attention-maps canvas').length === 8);
    assertLegible(await chartLabels(page, '#loss-chart'), 'loss chart at 375 px');
    await page.check('#attention-as-text');
    assert.ok(await page.$eval('#attention-maps', (maps) => maps.scrollWidth <= maps.clientWidth), 'the maps and their text fit the width');
    assert.ok(await noSideScroll(page));
    await page.locator('#train-panel').screenshot({ path: join(outputDir, 'narrow-train.png') });
    await page.locator('#attention-panel').screenshot({ path: join(outputDir, 'narrow-attention.png') });
  }, { width: PHONE.width }));
});
