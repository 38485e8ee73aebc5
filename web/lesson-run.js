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

// actions: { name: async () => ... }, one per name of the loader's ACTIONS.
export async function runStep(store, actions, step) {
  if (step.set) applyKeys(store, step.set);
  if (step.tokenizerPanel) store.merge('tokenizer', step.tokenizerPanel);
  if (step.costPanel) store.merge('generationCost', step.costPanel);
  if (step.exposurePanel) store.merge('exposure', step.exposurePanel);
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
  store.merge('tokenizer', Object.fromEntries(TOKENIZER_PANEL_KEYS.map((key) => [key, start.tokenizer[key]])));
  store.merge('generationCost', { maxContext: start.generationCost.maxContext });
  store.merge('exposure', Object.fromEntries(Object.keys(EXPOSURE_PANEL).map((key) => [key, start.exposure[key]])));
}
