// The page's state: one plain object, and the only way to change it. Panels
// read store.state, change it with update() or merge(), and hear of changes
// through watch(); nothing else in the page holds state. Sections are
// replaced, never changed in place, so a watcher can tell what changed by
// comparing with the previous state, and its options and view are what a
// link holds (link.js).
//
// Left out on purpose: timers and request numbers (how a panel waits for the
// worker, not what the page shows), and the DOM.
import { DEFAULT_CORPUS, valSplitOf } from './corpus.js';
import { optionOf, shownKeys, startValues, withoutDerived } from './options.js';
import { START } from './presets.js';

const groupOf = (key) => optionOf(key).group;

// The tokenizer panel's own tokenizer options (subwordAlpha: the α its sampled cuts use).
export const TOKENIZER_PANEL_KEYS = ['tokenizer', 'vocabSize', 'lowercase', 'subwordAlpha'];

// The exposure panel's own settings, which a lesson step may set (exposurePanel):
// how many held-out lines it measures and how many of each line's tokens are
// the prompt. With fifty names the mean own loss moves by about a tenth of a
// nat from seed to seed (with twenty, by twice that); past a few tokens of
// prompt a name has little left to measure.
export const EXPOSURE_PANEL = {
  lines: { min: 1, max: 200, start: 50 },
  promptTokens: { min: 0, max: 8, start: 1 },
};

export function createStore(initial) {
  let state = initial;
  const watchers = new Set();
  const store = {
    get state() {
      return state;
    },

    // changes: { key: value } for top-level keys, or a function of the state that returns them.
    update(changes) {
      if (typeof changes === 'function') changes = changes(state);
      const changed = Object.keys(changes).filter((key) => !Object.is(state[key], changes[key]));
      if (!changed.length) return;
      const previous = state;
      state = { ...state, ...changes };
      for (const watcher of [...watchers]) {
        if (watchers.has(watcher) && watcher.keys.some((key) => changed.includes(key))) watcher.fn(state, previous);
      }
    },

    // merge('train', { lr: 0.01 }): the section with these fields replaced (nothing happens if none differs).
    merge(key, fields) {
      const section = state[key];
      if (Object.keys(fields).every((field) => Object.is(section?.[field], fields[field]))) return;
      store.update({ [key]: { ...section, ...fields } });
    },

    // fn(state, previous) after every change to one of these top-level keys; returns a function that stops it.
    watch(keys, fn) {
      const watcher = { keys, fn };
      watchers.add(watcher);
      return () => watchers.delete(watcher);
    },
  };
  return store;
}

// Whether a training is under way (running, paused or being stopped): the worker is then busy with it.
export function isTraining(state) {
  return ['running', 'paused', 'stopping'].includes(state.training?.phase);
}

// The page on load, with what a link (link.js: readLink) sets: its options
// over the page's starting values (and the table's defaults for its model),
// its text, panels and locks. Options the page has no control for (batch)
// are kept too, and sent; a derived one (warmup) only where it departs from
// what the page derives.
export function initialState(link = { options: {}, page: {} }) {
  const corpus = { choice: DEFAULT_CORPUS, pasted: '', file: null, url: '', ...link.page.corpus };
  const given = (group) => Object.fromEntries(Object.entries(link.options).filter(([key]) => groupOf(key) === group));
  const train = given('train');
  const sample = given('sample');
  return {
    // The text of step 1: a built-in one (names, moby), pasted text, an uploaded File or a text at an address (url).
    corpus,
    // The training controls, keyed as the option table keys them (see options.js); the text decides the split.
    train: withoutDerived({ ...startValues(shownKeys('train'), { ...START.train, ...train }), valSplit: valSplitOf(corpus.choice), ...train }),
    // The generate panel's controls; prompt is also the next-token panel's.
    sampling: { ...startValues(shownKeys('sample'), { ...START.sample, ...sample }), ...sample },
    // What a link or a lesson shows of the page: { panels (names, or null for all), lock and hide
    // (option keys), lesson (its name, or null), train (at once) }; kept so that the address keeps saying it.
    view: {
      panels: link.page.panels ?? null, lock: link.page.lock ?? [], hide: link.page.hide ?? [],
      lesson: link.page.lesson ?? null, train: Boolean(link.page.train),
    },
    // The keys of the link that were ignored, and why (readLink's ignored), until the visitor dismisses the notice.
    linkIgnored: link.ignored ?? [],
    // The model worker: epoch counts replacements (what a worker held is gone with it).
    worker: { ready: false, epoch: 0, dead: false },
    status: { text: 'Loading the model engine…', kind: 'loading' },
    // The model the worker holds: { id, options (store keys), source: { key, label }, reply, restored },
    // and file (its file's name) for a model opened from a file.
    model: null,
    // The training in progress or the last one: { id, options, source, neural, restoring, phase
    // ('running' | 'paused' | 'stopping' | 'done' | 'failed'), startedAt, seconds, points, progress, preview }.
    training: null,
    // What to train again after the worker is replaced: { options, source } of the last good model.
    restore: null,
    crashes: [],  // times (ms) of the recent worker crashes
    // Messages of step 1: { text, notice, option } (option: the control at fault, by option name).
    trainError: null,
    // Save model and Open model… (panels/model-file.js): a file on its way, what was done, what went wrong.
    modelFile: { busy: false, info: '', error: '' },
    generated: null,       // { samples, prompt, info } of the last Generate
    generateError: null,   // { text, option }
    next: null,            // { prompt, tokens, context } of the next-token panel, or { error }
    // The attention panel's text, and the maps the worker computed over it (or why it could not).
    attention: { text: 'maria', maps: null, error: '' },
    comparison: { rows: [], current: null },
    tokenizer: {
      ...startValues(TOKENIZER_PANEL_KEYS, START.tokenizerPanel),
      own: null,            // { kind, vocabSize, canSample, trainSeconds, label, options } of the panel's tokenizer
      which: 'panel',       // cut the passage with the panel's tokenizer or the model's
      seed: 0,              // 0: the most probable segmentation; n > 0: the n-th sampled one
      passage: '', passageEdited: false,
      training: false, status: '', error: '', errorOption: null,
      cut: null,            // the worker's reply for the passage, with the seed and alpha it used
      cuts: 0,              // how many cuts were shown (a new one may equal the last)
    },
    generationCost: { maxContext: 256, measuring: false, contexts: [], rows: [], status: '', error: '', measured: 0 },
    // A lesson's plot of n-gram orders (panels/order-sweep.js): the orders asked for, the rows
    // measured so far, what they were trained on ({ label, options }), and how many runs ended.
    sweep: { running: false, orders: [], rows: [], trainedOn: null, status: '', error: '', runs: 0 },
    // A lesson's teacher forcing against the model's own text (panels/exposure.js): its settings,
    // the last measurement ({ lines, heldOut, promptTokens, sampling, model }), the line shown.
    exposure: {
      ...Object.fromEntries(Object.entries(EXPOSURE_PANEL).map(([key, { start }]) => [key, start])),
      running: false, result: null, shown: 0, status: '', error: '', runs: 0,
    },
  };
}
