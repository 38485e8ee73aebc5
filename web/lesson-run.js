// A lesson's steps (lesson-loader.js) done on a playground: the keys a step
// sets go into the store as if typed into the controls, then its actions
// run one after another, each as its panel's button would, each awaited.
//
// Left out on purpose: checking the steps (the loader did, on load) and
// anything shown (panels/lesson.js).
import { valSplitOf } from './corpus.js';
import { entriesOf } from './lesson-loader.js';
import { readLink } from './link.js';
import { optionOf } from './options.js';
import { EXPOSURE_PANEL, initialState, TOKENIZER_PANEL_KEYS } from './store.js';

// A step's settings of a panel, under the step's key: the store section they
// go to, and the keys of it a step may set (and Set up again puts back).
const PANEL_STEPS = {
  tokenizerPanel: { section: 'tokenizer', keys: TOKENIZER_PANEL_KEYS },
  costPanel: { section: 'generationCost', keys: ['maxContext'] },
  exposurePanel: { section: 'exposure', keys: Object.keys(EXPOSURE_PANEL) },
};

// actions: { name: async () => ... }, one per name of the loader's ACTIONS.
export async function runStep(store, actions, step) {
  if (step.set) applyKeys(store, step.set);
  for (const [stepKey, { section }] of Object.entries(PANEL_STEPS)) {
    if (step[stepKey]) store.merge(section, step[stepKey]);
  }
  for (const name of step.run ?? []) await actions[name]();
}

// Link keys into the controls' sections: the text (and the split that suits
// it, unless the keys give one), the training and the sampling options.
export function applyKeys(store, keys) {
  const { options, page } = readLink(entriesOf(keys));
  const of = (group) => Object.fromEntries(Object.entries(options).filter(([key]) => optionOf(key).group === group));
  store.update(({ corpus, train, sampling }) => ({
    corpus: page.corpus ? { ...corpus, ...page.corpus } : corpus,
    train: { ...train, ...(page.corpus ? { valSplit: valSplitOf(page.corpus.choice) } : {}), ...of('train') },
    sampling: { ...sampling, ...of('sample') },
  }));
}

// The controls back where the lesson's link started them (what the tries changed undone).
export function resetToLink(store, link) {
  const start = initialState(link);
  const { corpus, train, sampling } = start;
  store.update({ corpus, train, sampling, generateError: null, trainError: null });
  for (const { section, keys } of Object.values(PANEL_STEPS)) {
    store.merge(section, Object.fromEntries(keys.map((key) => [key, start[section][key]])));
  }
}
