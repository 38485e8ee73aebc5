// Links (web/link.js, web/link-state.js), read and written in Node as the
// page reads and writes them: every option of the table round-trips under
// its own key, defaults are left out, anything wrong is ignored with its
// reason, and a playground's state comes back from its own link to the same
// requests for the worker.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { OPTIONS } from '../../web/build/option-table.js';
import { describeIgnored, MAX_VALUE_LENGTH, readLink, writeLink } from '../../web/link.js';
import { corpusInLink, linkOf, linkRequests } from '../../web/link-state.js';
import { chosenOptions, defaultOf, trainRequest } from '../../web/options.js';
import { initialState } from '../../web/store.js';
import { PROBES } from '../option-probes.js';

// The options of a probe: its value, on the model and tokenizer it applies to.
function probeOptions(option) {
  const { value, model, tokenizer } = PROBES[option.key];
  return { model: model ?? defaultOf('model'), tokenizer: tokenizer ?? defaultOf('tokenizer'), [option.key]: value };
}

// Values the table refuses, as a link writes them.
function refused(option) {
  if (option.type === 'choice') return ['bogus', ''];
  if (option.type === 'boolean') return ['maybe', ''];
  if (option.type === 'text') return [];
  const below = option.aboveMin ? option.min : option.min - 1;
  return [String(option.max + 1), String(below), 'many', '', ...(option.type === 'integer' ? [String(option.min + 0.5)] : [])];
}

describe('reading and writing every option', () => {
  for (const option of OPTIONS) {
    test(`${option.key}: its probe round-trips under its own key`, () => {
      const options = probeOptions(option);
      const text = writeLink({ options });
      assert.match(text, new RegExp(`(^|&)${option.key}=`), text);
      const link = readLink(text);
      assert.deepEqual(link.ignored, []);
      assert.deepEqual(link.options[option.key], PROBES[option.key].value);
      assert.deepEqual(readLink(`#${text}`).options, link.options, 'a leading # is the same link');
    });

    test(`${option.key}: a value the table refuses is ignored, saying what it allows`, () => {
      for (const bad of refused(option)) {
        const link = readLink(new URLSearchParams({ [option.key]: bad }).toString());
        assert.deepEqual(link.options, {}, `${option.key}=${bad}`);
        assert.deepEqual(link.ignored, [{ key: option.key, why: `must be ${option.allowed}` }]);
      }
    });
  }

  test('defaults are left out, for every model', () => {
    for (const model of OPTIONS.find((o) => o.key === 'model').choices) {
      const options = { ...Object.fromEntries(OPTIONS.map((option) => [option.key, defaultOf(option.key, model)])), model };
      assert.equal(writeLink({ options }), model === defaultOf('model') ? '' : `model=${model}`);
    }
  });

  test('text values keep every character, and a written link reads well', () => {
    const prompt = 'a&b=c#d+e%f <g>\n中文 🙂';
    const url = 'https://example.org/texts/a b.txt?x=1&y=2';
    const text = writeLink({ options: { prompt }, page: { corpus: { choice: 'url', url: new URL(url).href }, panels: ['train', 'generate'] } });
    const link = readLink(text);
    assert.equal(link.options.prompt, prompt);
    assert.equal(link.page.corpus.url, new URL(url).href);
    assert.match(text, /corpus=https:\/\/example\.org\/texts\/a%2520b\.txt%3Fx%3D1%26y%3D2&panels=train,generate/);
  });
});

describe('what is ignored, and why', () => {
  test('unknown keys, prototype names and markup are ignored as keys', () => {
    const link = readLink('nonsense=1&__proto__=1&constructor=2&toString=3&%3Cscript%3Ealert(1)%3C%2Fscript%3E=1&order=5');
    assert.deepEqual(link.options, { order: 5 });
    assert.deepEqual(link.page, {});
    assert.deepEqual(link.ignored.map((i) => i.key), ['nonsense', '__proto__', 'constructor', 'toString', '<script>alert(1)</script>']);
    assert.ok(link.ignored.every((i) => i.why === 'it is not a key of this page'));
  });

  test('page keys check their values', () => {
    const link = readLink('corpus=javascript:alert(1)&panels=&lock=order,<b>x</b>&hide=<img>&lesson=../etc&train=yes&corpus=toString');
    assert.deepEqual(link.page, {});
    assert.deepEqual(link.ignored, [
      { key: 'corpus', why: 'must be an http or https address' },
      { key: 'panels', why: 'names no panel' },
      { key: 'lock', why: "names no option '<b>x</b>'" },
      { key: 'hide', why: "names no option '<img>'" },
      { key: 'lesson', why: 'is not a lesson name (lowercase letters, digits and dashes)' },
      { key: 'train', why: 'must be 1 or 0' },
      { key: 'corpus', why: 'is neither a built-in text (names, moby) nor an address' },
    ]);
  });

  test('a long value is ignored without being read, and quotes stay short', () => {
    const long = 'a'.repeat(100_000);
    const link = readLink(`prompt=${long}&${long}=1&panels=${long}`);
    assert.deepEqual(link.options, {});
    assert.equal(link.ignored.length, 3);
    assert.match(link.ignored[0].why, /longer than 2,000 characters/);
    assert.ok(link.ignored.every((i) => i.key.length <= 40 && i.why.length < 100), JSON.stringify(link.ignored));
    assert.ok(MAX_VALUE_LENGTH < long.length);
  });

  test('malformed % escapes read as text and are ignored like any other', () => {
    const link = readLink('%E0%A4%A=1&order=%ZZ&k=%&temperature=0.5');
    assert.deepEqual(link.options, { temperature: 0.5 });
    assert.deepEqual(link.ignored.map((i) => i.key), ['\uFFFD%A', 'order', 'k'], 'a broken escape reads as U+FFFD');
    assert.match(describeIgnored(link.ignored), /^Some of this link was ignored, and the defaults stand in: .*“order”: must be a whole number from 1 to 8; “k”: must be a number above 0 and at most 1000\.$/);
  });
});

describe('a playground state and its link', () => {
  // The requests a state sends: what the page's Train and Generate send.
  const requestsOf = (state) => ({ train: trainRequest(chosenOptions(state.train)), sample: chosenOptions(state.sampling) });
  const reopened = (state) => initialState(readLink(writeLink(linkOf(state))));

  for (const option of OPTIONS) {
    test(`${option.key}: a state holding its probe comes back from its own link to the same requests`, () => {
      const state = initialState({ options: probeOptions(option), page: {} });
      const again = reopened(state);
      assert.deepEqual(requestsOf(again), requestsOf(state));
      assert.deepEqual(linkRequests(readLink(writeLink(linkOf(state)))), { ...requestsOf(state), corpus: state.corpus });
    });
  }

  test('the link holds the options the worker is sent, the derived ones among them', () => {
    const state = initialState(readLink('model=lstm&steps=200&hidden=32&order=5'));
    const link = readLink(writeLink(linkOf(state)));
    assert.deepEqual(link.options, {
      model: 'lstm', valSplit: 'interleaved', hidden: 32, steps: 200, warmup: 20, evalEvery: 17, count: 5,
    }, 'order does not apply to an LSTM; names are split interleaved; the page shows five samples');
  });

  test('derived options written by the page follow the steps; a link\'s own stay as it says', () => {
    const written = initialState(readLink('model=lstm&steps=200&warmup=20&evalEvery=17'));
    const longer = { ...written, train: { ...written.train, steps: 2000 } };
    assert.deepEqual([trainRequest(chosenOptions(longer.train)).warmup, trainRequest(chosenOptions(longer.train)).evalEvery], [100, 100]);
    const pinned = initialState(readLink('model=lstm&steps=200&warmup=0&batch=8'));
    const request = trainRequest(chosenOptions({ ...pinned.train, steps: 2000 }));
    assert.deepEqual([request.warmup, request.batch], [0, 8], 'options the page has no control for are sent as the link says');
  });

  test('the text: the first built-in left out, another by name, an address as it is; a pasted text cannot travel', () => {
    const corpus = (fields) => ({ choice: 'names', pasted: '', file: null, url: '', ...fields });
    assert.equal(corpusInLink(corpus()), undefined);
    assert.deepEqual(corpusInLink(corpus({ choice: 'moby' })), { choice: 'moby' });
    assert.deepEqual(corpusInLink(corpus({ choice: 'url', url: ' https://example.org/a.txt ' })), { choice: 'url', url: 'https://example.org/a.txt' });
    assert.equal(corpusInLink(corpus({ choice: 'url', url: 'example.org/a.txt' })), null);
    assert.equal(corpusInLink(corpus({ choice: 'paste', pasted: 'hello' })), null);
    const state = initialState(readLink('corpus=moby'));
    assert.equal(state.train.valSplit, 'tail', 'prose is split at its tail');
    assert.equal(writeLink(linkOf(state)), 'count=5&corpus=moby');
  });

  test('panels, locks, hidden controls, a lesson and train=1 round-trip', () => {
    const text = 'panels=train,generate&lock=order,temperature&hide=k,count&lesson=bigrams&train=1';
    const state = initialState(readLink(text));
    assert.equal(writeLink(linkOf(state)), `valSplit=interleaved&count=5&${text}`);
  });
});
