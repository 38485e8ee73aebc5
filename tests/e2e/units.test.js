// The page speaks of the model's own unit: with a BPE model of pieces and
// a word model of words, the next-token panel's title, context line and rest
// line, the Length and Greedy labels, the loss chart's unit and the
// generation-cost panel's token say so, and the title shows the tokens the
// model itself reads, healed as sampling heals.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { outputDir, setControl, train, useBrowser, withPage } from './helpers.js';

useBrowser();

// A short neural training: the labels do not depend on what the weights learned.
async function trainMlp(page, tokenizer, name) {
  await page.selectOption('#tokenizer', tokenizer);
  await page.selectOption('#family', 'mlp');
  await setControl(page, '#steps', 40);
  await train(page, name);
}

// Waits for the next-token panel to show the prompt's distribution; -> its title, context line and rest line.
async function nextTokenPanel(page, prompt, titleStart) {
  await page.fill('#prompt', prompt);
  await page.waitForFunction(([start, p]) => {
    const title = document.getElementById('distribution-title');
    return title.dataset.prompt === p && title.textContent.startsWith(start);
  }, [titleStart, prompt]);
  return {
    title: await page.textContent('#distribution-title'),
    info: await page.textContent('#context-info'),
    rest: await page.textContent('#distribution-rest'),
    // The pieces the title shows as read, and the healed piece, as displayed.
    read: await page.$$eval('#distribution-title .context-chars:not(.healed) .ch', (chips) => chips.map((c) => c.textContent)),
    lineStart: await page.$$eval('#distribution-title .line-start', (marks) => marks.length),
    healed: await page.$$eval('#distribution-title .healed .ch', (chips) => chips.map((c) => c.textContent).join('')),
    tokens: await page.$$eval('#distribution .tok-row', (rows) => rows.map((row) => row.dataset.token)),
  };
}

// The shown pieces spell the prompt: ▁ is the space BPE reads before a line, ␣ a space.
function spelled(pieces) {
  return pieces.join('').replaceAll('▁', '').replaceAll('␣', ' ');
}

describe('labels follow the model’s unit', () => {
  test('a BPE model speaks of pieces and shows the pieces it reads, healed', () => withPage(async (page) => {
    await trainMlp(page, 'bpe', 'MLP');
    assert.equal(await page.textContent('#loss-unit'), 'nats per piece');
    assert.equal(await page.textContent('#max-tokens-unit'), '(max pieces)');
    assert.equal(await page.textContent('#greedy-label'), 'Greedy: always take the most probable piece');
    assert.match(await page.textContent('#top-k-hint'), /k most probable pieces/);
    assert.match(await page.textContent('#temperature-hint'), /most probable piece\.$/);
    assert.equal(await page.textContent('#gencost-unit'), 'piece', 'the generation-cost panel speaks of pieces too');

    const start = await nextTokenPanel(page, '', 'Next piece after');
    assert.match(start.info, /^The MLP only sees the last 3 pieces of the prompt and that the line starts there\./);
    assert.match(start.rest, /^\+ [\d,]+ more pieces share /);
    assert.ok(start.tokens.some((t) => t.length > 2), 'pieces longer than a character are offered');
    assert.equal(start.lineStart, 1);

    // "marie" stops inside a word: its last piece is taken back, and every next piece starts with it.
    const marie = await nextTokenPanel(page, 'marie', 'Next piece after');
    assert.equal(marie.lineStart, 1, 'the line start is inside the window of 3');
    assert.ok(marie.healed.length > 0, `a healed piece is shown: ${JSON.stringify(marie)}`);
    assert.equal(spelled([...marie.read, marie.healed]), 'marie', `the shown pieces spell the prompt: ${JSON.stringify(marie)}`);
    assert.match(marie.title, /^Next piece after line start.*, starting with /);
    assert.match(marie.info, /last piece is taken back, and the next piece must start with it/);
    const prefix = spelled([marie.healed]);
    assert.ok(marie.tokens.length > 0 && marie.tokens.every((t) => t.trimStart().startsWith(prefix.trimStart())),
      `every next piece starts with "${prefix}": ${marie.tokens}`);
    for (const width of [1280, 375]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: join(outputDir, `page-bpe-${width}.png`), fullPage: true });
    }
  }));

  test('a word model speaks of words', () => withPage(async (page) => {
    const lines = ['the cat sat on the mat', 'the dog sat on the log', 'a bird flew over the old red barn',
      'my friend reads books under a green tree', 'we walk to the quiet lake every morning', 'cats like warm milk'];
    await page.selectOption('#corpus', 'paste');
    await page.fill('#paste-text', `${lines.join('\n')}\n`.repeat(8));
    await trainMlp(page, 'word', 'MLP');
    assert.equal(await page.textContent('#loss-unit'), 'nats per word');
    assert.equal(await page.textContent('#max-tokens-unit'), '(max words)');
    assert.equal(await page.textContent('#greedy-label'), 'Greedy: always take the most probable word');
    assert.equal(await page.textContent('#gencost-unit'), 'word');

    const start = await nextTokenPanel(page, '', 'Next word after');
    assert.match(start.rest, /^\+ [\d,]+ more words? shares? /);
    const cat = await nextTokenPanel(page, 'the cat', 'Next word after');
    assert.match(cat.info, /^The MLP only sees the last 3 words of the prompt and that the line starts there\./);
    assert.equal(spelled([...cat.read, cat.healed]), 'the cat', `the words spell the prompt: ${JSON.stringify(cat)}`);
    assert.deepEqual(cat.read, ['the'], 'the word before the healed one');
    assert.equal(cat.healed, '␣cat', 'a word takes the space before it');
    assert.ok(cat.tokens.every((t) => t.startsWith(' cat')), `" cat" or " cats": ${cat.tokens}`);
  }));
});
