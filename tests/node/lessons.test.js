// The lesson files (web/lessons/) against the loader that checks them
// (web/lesson-loader.js): every lesson of the list exists, is valid and
// carries the title the list gives it; no file is left out of the list; a
// slip in a lesson (an unknown key, a value out of range, a panel the lesson
// hides, an unknown action, a page key in a step) is refused with where it
// is; and a link's own keys win over the lesson's state.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { ACTIONS, checkLesson, lessonLink, LessonError } from '../../web/lesson-loader.js';

const dir = new URL('../../web/lessons/', import.meta.url);
const readJson = (name) => JSON.parse(readFileSync(new URL(name, dir), 'utf8'));
const index = readJson('index.json');
const lesson = (name) => readJson(`${name}.json`);

// A small valid lesson to break one part at a time.
const minimal = () => ({
  title: 'T', time: 'a second', intro: ['Intro.'],
  state: { model: 'ngram', order: 3, panels: 'train,readout' },
  notes: [{ panel: 'readout', heading: 'H', text: ['Text.'], try: [{ label: 'L', watch: 'W', set: { order: 5 }, run: ['train'] }] }],
});

function refused(change, pattern) {
  const broken = minimal();
  change(broken);
  assert.throws(() => checkLesson(broken), (error) => error instanceof LessonError && pattern.test(error.message));
}

describe('lessons', () => {
  test('the list names ten lessons, each a valid file with the same title', () => {
    assert.deepEqual(index.map((entry) => entry.name), [
      'ngram-order', 'smoothing', 'neural-window', 'recurrent', 'causal-mask',
      'generation-cost', 'sampling', 'tokenizers', 'subword-sampling', 'teacher-forcing',
    ]);
    for (const entry of index) {
      const file = lesson(entry.name);
      assert.doesNotThrow(() => checkLesson(file), entry.name);
      assert.equal(file.title, entry.title, `${entry.name}: the list's title is the file's`);
      assert.ok(entry.line.length > 20 && entry.line.length < 160, `${entry.name}: one line for the menu`);
      const tries = file.notes.flatMap((note) => note.try ?? []);
      assert.ok(tries.length >= 1, `${entry.name} has something to try`);
      assert.ok(tries.every((item) => item.run?.length || item.set), `${entry.name}: every try does something`);
    }
  });

  test('every lesson file is in the list', () => {
    const files = readdirSync(dir).filter((file) => file.endsWith('.json') && file !== 'index.json');
    assert.deepEqual(files.map((file) => file.replace(/\.json$/, '')).sort(), index.map((entry) => entry.name).sort());
  });

  test('a slip is refused with where it is', () => {
    assert.doesNotThrow(() => checkLesson(minimal()));
    refused((l) => { l.state.ordr = 3; }, /^state: “ordr” it is not a key of this page/);
    refused((l) => { l.state.order = 12; }, /^state: “order” must be/);
    refused((l) => { l.state.lesson = 'other'; }, /^state: “lesson” cannot be set here/);
    refused((l) => { l.notes[0].panel = 'generate'; }, /^notes\[0\]\.panel: “generate” is no panel this lesson shows/);
    refused((l) => { l.notes[0].try[0].run = ['fly']; }, /^notes\[0\]\.try\[0\]\.run: “fly” is not one of/);
    refused((l) => { l.notes[0].try[0].set = { panels: 'train' }; }, /^notes\[0\]\.try\[0\]\.set: “panels” cannot be set here/);
    refused((l) => { l.notes[0].try[0].tokenizerPanel = { order: 3 }; }, /tokenizerPanel: “order” is not one of/);
    refused((l) => { l.notes[0].try[0].tokenizerPanel = { vocabSize: -1 }; }, /tokenizerPanel: .*vocabulary/i);
    refused((l) => { l.notes[0].try[0].costPanel = { maxContext: 100 }; }, /costPanel: only maxContext, one of 128, 256, 512/);
    refused((l) => { l.notes[0].try[0].exposurePanel = { promptTokens: 9 }; }, /exposurePanel: lines \(1 to 200\) and promptTokens \(0 to 8\) only/);
    refused((l) => { l.notes[0].try[0].exposurePanel = { seed: 1 }; }, /exposurePanel: lines/);
    refused((l) => { delete l.notes[0].try[0].watch; }, /^notes\[0\]\.try\[0\]\.watch: some text is needed/);
    refused((l) => { l.intro = 'one string'; }, /^intro: a list of paragraphs/);
    refused((l) => { l.terms = [['only one']]; }, /^terms\[0\]/);
  });

  test('the actions a step may run are those the page provides', () => {
    assert.deepEqual([...ACTIONS].sort(),
      ['bestSegmentation', 'generate', 'measure', 'measureExposure', 'sampleSegmentation', 'sweep', 'train', 'trainTokenizer']);
  });

  test("a link's own keys win over the lesson's state", () => {
    const link = lessonLink(lesson('ngram-order'), [['lesson', 'ngram-order'], ['order', '5'], ['panels', 'train']]);
    assert.equal(link.options.order, 5, 'the link sets the order');
    assert.equal(link.options.smoothing, 'kn', 'the lesson sets the rest');
    assert.deepEqual(link.page.panels, ['train']);
    assert.deepEqual(link.page.lock, ['model', 'tokenizer']);
    assert.equal(link.page.lesson, 'ngram-order');
    assert.deepEqual(link.ignored, []);
  });
});
