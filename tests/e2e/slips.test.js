// Small slips a new user met, each checked where a user meets it: a settings
// hint for every Transformer control, the attention note without the mask,
// what Stop leaves on screen, refusals of texts too short or blank, the loss
// chart after a failed training, counts and sizes in words, the chip readout
// counting as the figures do (and on focus), and errors that carry their kind.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  setControl, startLongTraining, train, trainExpectingError, trainTokenizer, useBrowser, waitForModel, withPage,
} from './helpers.js';

useBrowser();

const trainHint = (page) => page.textContent('#train-hint');

describe('slips', () => {
  test('heads, positions and the causal mask each ask to press Train; the attention note follows the mask', () => withPage(async (page) => {
    await page.selectOption('#family', 'transformer');
    await setControl(page, '#steps', 20);
    await setControl(page, '#causal', false);
    await train(page, 'NO causal mask');
    const note = await page.textContent('#attention-hint');
    assert.doesNotMatch(note, /hidden by the causal mask/);
    assert.match(note, /without the causal mask: every cell is filled/);
    assert.equal(await trainHint(page), '');
    for (const [selector, changed, back] of [['#heads', 2, 4], ['#positions', 'sinusoidal', 'learned'], ['#causal', true, false]]) {
      await setControl(page, selector, changed);
      assert.match(await trainHint(page), /press Train to apply/, `${selector} changed`);
      await setControl(page, selector, back);
      assert.equal(await trainHint(page), '', `${selector} back as trained`);
    }
    await setControl(page, '#causal', true);
    await train(page, 'context 16), 20 steps');
    assert.match(await page.textContent('#attention-hint'), /the future, hidden by the causal mask/);
  }));

  test('after Stop, no time is left and the readout names the steps trained', () => withPage(async (page) => {
    await startLongTraining(page);
    await page.click('#cancel');
    await waitForModel(page, 'GRU', 20_000);
    const steps = Number(/stopped early at step (\d+)/.exec(await page.textContent('#status'))[1]);
    const line = await page.textContent('#progress-text');
    assert.doesNotMatch(line, /left/);
    assert.match(line, new RegExp(`^Stopped at step ${steps.toLocaleString('en-US')} of 20,000 · `));
    assert.match(await page.textContent('#model-name'), new RegExp(`GRU \\(1 × 32\\), ${steps.toLocaleString('en-US')} of 20,000 steps`));
    assert.equal(await page.$eval('#progress-panel', (panel) => panel.dataset.state), 'done');
  }));

  test('a one-character text is too short and a text of spaces is blank: refused with what to do', () => withPage(async (page) => {
    await page.selectOption('#corpus', 'paste');
    await page.fill('#paste-text', 'a');
    const short = await trainExpectingError(page, /too short/);
    assert.match(short, /give a text of several lines, or set the validation fraction to 0/);
    assert.doesNotMatch(short, /lower the validation fraction/);
    await page.fill('#paste-text', '   \n \t \n');
    assert.match(await trainExpectingError(page, /only spaces/), /previous model is kept/);
    assert.match(await page.textContent('#model-name'), /trigram.*Names/, 'the names model is still loaded');
  }));

  test('a failed training does not leave the last training’s loss chart under its error', () => withPage(async (page) => {
    await page.selectOption('#family', 'lstm');
    await setControl(page, '#hidden', 16);
    await setControl(page, '#steps', 20);
    await train(page, 'LSTM');
    assert.ok(await page.isVisible('#loss-chart'));
    await page.selectOption('#corpus', 'paste');
    await page.fill('#paste-text', 'a');
    await trainExpectingError(page, /too short/);
    assert.ok(await page.isHidden('#progress-panel'), 'no chart under the error');

    // An n-gram trained after a neural model has no chart either.
    await page.selectOption('#corpus', 'names');
    await page.selectOption('#family', 'ngram');
    await page.selectOption('#order', '2');
    await train(page, 'bigram');
    assert.ok(await page.isHidden('#progress-panel'));
  }));

  test('counts and sizes read as a person writes them', () => withPage(async (page) => {
    await page.selectOption('#corpus', 'upload');
    await page.setInputFiles('#file', { name: 'one.txt', mimeType: 'text/plain', buffer: Buffer.from('abcdefghijklmnopq\n') });
    assert.match(await page.textContent('#file-info'), /^one\.txt · 18 B\./);
    await setControl(page, '#val-fraction', 0);
    await train(page, 'one.txt');
    assert.equal(await page.textContent('#corpus-size'), '18 B, 1 line');

    // One validation character the training part never had: said in the singular.
    await page.setInputFiles('#file', { name: 'three.txt', mimeType: 'text/plain', buffer: Buffer.from('abab\nabab\nabax\n') });
    await setControl(page, '#val-fraction', 0.34);
    await train(page, 'three.txt');
    assert.equal(await page.textContent('#corpus-size'), '15 B, 3 lines');
    assert.equal(await page.textContent('#ppl-note'), '1 validation character is not in the vocabulary; the model reads it as ‹unknown›.');
  }));

  test('the chip readout counts tokens as the figures do, and describes a chip reached by keyboard', () => withPage(async (page) => {
    await trainTokenizer(page, 'bpe', 512);
    const summary = await page.textContent('#tok-readout');
    const [, tokens, , lineEnds] = /^([\d,]+) tokens for ([\d,]+) characters, and ([\d,]+) line ends?\./.exec(summary) ?? [];
    assert.ok(tokens && lineEnds, summary);
    await page.hover('#tok-chips .chip >> nth=0');
    assert.match(await page.textContent('#tok-readout'), new RegExp(`^token 1 of ${tokens}: `));
    await page.hover('#tok-chips .chip.eol >> nth=0');
    assert.match(await page.textContent('#tok-readout'), new RegExp(`^line end 1 of ${lineEnds}: id 1 · <eol>`));

    await page.mouse.move(0, 0);
    await page.$eval('#tok-readout', (readout) => { readout.textContent = ''; });
    await page.focus('#tok-chips .chip >> nth=0');
    assert.match(await page.textContent('#tok-readout'), new RegExp(`^token 1 of ${tokens}: id \\d+`), 'focus describes the chip');
  }));

  test('a refused request carries its kind from the worker', () => withPage(async (page) => {
    const kinds = await page.evaluate(async () => {
      const { ModelWorker, RequestError } = await import('./ui/worker-client.js');
      const worker = new ModelWorker({});
      const kindOf = (request) => request.then(() => 'no error', (error) => (error instanceof RequestError ? error.kind : error.name));
      try {
        return {
          noModel: await kindOf(worker.request('sample', { prompt: '', options: {} })),
          noTokenizer: await kindOf(worker.request('tokenize', { which: 'panel', text: 'x' })),
          unknown: await kindOf(worker.request('fly')),
          emptyText: await kindOf(worker.request('trainTokenizer', {
            source: { kind: 'text', text: '' }, valFraction: 0, valSplit: 'tail', options: { tokenizer: 'bpe' },
          })),
        };
      } finally {
        worker.worker.terminate();
      }
    });
    assert.deepEqual({ ...kinds, emptyText: undefined }, { noModel: 'usage', noTokenizer: 'usage', unknown: 'usage', emptyText: undefined });
    // The core's own errors carry their kind once the module gives them one; until then they are 'internal'.
    assert.ok(['invalid-input', 'internal'].includes(kinds.emptyText), kinds.emptyText);
  }));
});
