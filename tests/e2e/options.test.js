// The page's controls against the core's option table, walked option by
// option: each has a control (data-option="<key>") whose range, step,
// choices, tooltip and first value are the table's, except where the page's
// departures (web/presets.js) say otherwise; or it is in the page's hidden
// list with a reason. An option added to the core without a decision for the
// page fails here. Also: index.html writes no number of its own, a value the
// page refuses or the core refuses marks the control it is about, and only
// the options that apply to the chosen model and tokenizer are sent.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { OPTIONS } from '../../web/build/option-table.js';
import { HIDDEN_OPTIONS, SLIDER_SPANS, START } from '../../web/presets.js';
import { setControl, train, trainExpectingError, useBrowser, withPage } from './helpers.js';

useBrowser();

// The page's starting values that depart from the table's, by the panel a control is in.
const START_OF_PANEL = { 'train-panel': START.train, 'generate-panel': START.sample, 'tok-panel': START.tokenizerPanel };

const tableKeys = OPTIONS.map((option) => option.key);

function expectedStart(option, panel) {
  const departures = START_OF_PANEL[panel];
  assert.ok(departures, `a control of ${option.key} in #${panel}, a panel the test knows`);
  if (option.key in departures) return departures[option.key];
  const model = departures.model ?? OPTIONS.find((o) => o.key === 'model').default;
  return model in option.modelDefaults ? option.modelDefaults[model] : option.default;
}

// What a control shows, in the table's type.
function shown(control, option) {
  if (option.type === 'boolean') return control.checked;
  if (option.type === 'integer' || option.type === 'number') return Number(control.value);
  return control.value;
}

// The values a select must offer: the choices, or every value of an integer's range.
function offered(option) {
  if (option.type === 'choice') return option.choices;
  const values = [];
  for (let v = option.min; v <= option.max; v += option.step) values.push(String(v));
  return values;
}

function checkSpan(control, option) {
  const [min, max, step] = [control.min, control.max, control.step].map(Number);
  const where = `${option.key} (#${control.id})`;
  assert.equal(step, option.step, `${where}: the table's step`);
  if (control.type === 'number') {
    const lowest = option.aboveMin ? option.min + option.step : option.min;
    assert.ok(Math.abs(min - lowest) < 1e-12, `${where}: min ${min}, the table's ${option.aboveMin ? 'min + step' : 'min'} ${lowest}`);
    assert.equal(max, option.max, `${where}: the table's max`);
    return;
  }
  // A slider may show less than the table allows, never more, on the table's grid.
  assert.ok(SLIDER_SPANS[option.key], `${where}: a slider's span is in presets.js`);
  assert.deepEqual({ min, max }, { min: SLIDER_SPANS[option.key].min, max: SLIDER_SPANS[option.key].max }, `${where}: the preset span`);
  assert.ok(option.aboveMin ? min > option.min : min >= option.min, `${where}: min ${min} inside the table's range`);
  assert.ok(max <= option.max && min < max, `${where}: max ${max} inside the table's range`);
  for (const end of [min, max]) {
    const steps = (end - option.min) / option.step;
    assert.ok(Math.abs(steps - Math.round(steps)) < 1e-9, `${where}: ${end} on the table's step grid`);
  }
}

describe('the page and the option table', () => {
  test('every option has a control dressed from the table, or is hidden with a reason', () => withPage(async (page) => {
    const controls = await page.$$eval('[data-option]', (all) => all.map((c) => ({
      key: c.dataset.option, id: c.id, panel: c.closest('section')?.id, tag: c.tagName.toLowerCase(), type: c.type,
      min: c.min, max: c.max, step: c.step, title: c.title, value: c.value, checked: c.checked,
      choices: c.tagName === 'SELECT' ? [...c.options].map((o) => o.value) : null,
      labels: [...(c.labels ?? [])].map((label) => label.title),
    })));

    for (const control of controls) assert.ok(tableKeys.includes(control.key), `#${control.id}: data-option="${control.key}" is a key of the table`);
    for (const [key, reason] of Object.entries(HIDDEN_OPTIONS)) {
      assert.ok(tableKeys.includes(key), `hidden ${key} is a key of the table`);
      assert.ok(typeof reason === 'string' && reason.trim().length > 10, `hidden ${key} gives its reason`);
    }
    const withControl = new Set(controls.map((control) => control.key));
    const decided = [...withControl, ...Object.keys(HIDDEN_OPTIONS)].sort();
    assert.deepEqual(decided, [...tableKeys].sort(), 'the controls and the hidden list together cover the table, each option once');

    for (const option of OPTIONS) {
      for (const control of controls.filter((c) => c.key === option.key)) {
        const where = `${option.key} (#${control.id})`;
        assert.equal(control.title, option.help, `${where}: the tooltip is the table's help`);
        assert.ok(control.labels.every((title) => title === option.help), `${where}: so is its label's`);
        const kind = { boolean: ['checkbox'], text: ['text'], choice: ['select-one'], integer: ['number', 'range', 'select-one'], number: ['number', 'range'] }[option.type];
        assert.ok(kind.includes(control.type), `${where}: a ${control.type} control for a ${option.type}`);
        if (control.tag === 'select') assert.deepEqual(control.choices, offered(option), `${where}: the table's values`);
        if (control.type === 'number' || control.type === 'range') checkSpan(control, option);
        assert.equal(shown(control, option), expectedStart(option, control.panel), `${where}: the first value`);
      }
    }
  }));

  test('index.html gives structure and labels, no numbers or choices of an option', () => {
    const html = readFileSync(new URL('../../web/index.html', import.meta.url), 'utf8');
    const tags = html.match(/<(input|select)\b[^>]*\bdata-option=[^>]*>/g);
    assert.ok(tags.length >= tableKeys.length - Object.keys(HIDDEN_OPTIONS).length);
    for (const tag of tags) assert.doesNotMatch(tag, /\s(min|max|step|value|title)=/, tag);
    for (const select of html.match(/<select\b[^>]*\bdata-option=[^>]*>[\s\S]*?<\/select>/g)) {
      assert.doesNotMatch(select, /<option/, select);
    }
  });

  test('a refused value marks its control, whether the page or the core refuses it', () => withPage(async (page) => {
    // The page, against the table: the message names the option and what it allows.
    await setControl(page, '#count', 0);
    await page.click('#generate');
    await page.waitForSelector('#generate-error:not([hidden])');
    assert.equal(await page.textContent('#generate-error'),
      'Could not generate: the number of samples must be a whole number from 1 to 10000 (got 0).');
    assert.equal(await page.getAttribute('#count', 'aria-invalid'), 'true');
    await setControl(page, '#count', 5);

    await page.selectOption('#family', 'mlp');
    await page.fill('#lr', '0');
    assert.match(await trainExpectingError(page, /learning rate/), /^Could not train: the learning rate must be a number above 0 and at most 10 \(got 0\)\.$/);
    assert.equal(await page.getAttribute('#lr', 'aria-invalid'), 'true');

    // The core, for a rule between options: its message starts with the key of the control to mark.
    await page.selectOption('#family', 'transformer');
    await setControl(page, '#embed', 30);
    assert.match(await trainExpectingError(page, /multiple of the number of heads/), /^Could not train: embed \(d_model, 30\)/);
    assert.equal(await page.getAttribute('#embed', 'aria-invalid'), 'true');
    assert.equal(await page.getAttribute('#lr', 'aria-invalid'), null, 'only the control at fault is marked');
  }));

  test('only the options that apply to the chosen model and tokenizer are sent', () => withPage(async (page) => {
    // Left in hidden fields, values the table refuses stop nothing: a word vocabulary, add-k's k, a network's sizes.
    await page.selectOption('#tokenizer', 'word');
    await setControl(page, '#vocab-size', -5);
    await page.selectOption('#tokenizer', 'char');
    await page.selectOption('#family', 'lstm');
    await setControl(page, '#hidden', 0);
    await page.selectOption('#family', 'ngram');
    await page.selectOption('#smoothing', 'addk');
    await setControl(page, '#k', -1);
    await page.selectOption('#smoothing', 'kn');
    await page.selectOption('#order', '2');
    await train(page, 'bigram');
    assert.ok(await page.isHidden('#error'), await page.textContent('#error'));
  }));
});
