// A playground's state as a link, and a link as what a playground opened on
// it trains and samples with. The page writes linkOf(store.state) into its
// address (address.js); the CLI's --from-url trains with linkRequests(), the
// page's own path from a link to the worker's options, so that the same link
// trains the same model in a tab and on the command line.
//
// What a link holds: the options the worker is sent for the chosen model and
// tokenizer (the page's derived warmup and evalEvery among them) and the
// sampling options with the prompt, each left out where it is the table's
// default (writeLink); the text, when it is a built-in one other than the
// first or an address; and what a link or a lesson set of the view (panels,
// lock, hide, lesson, train).
// Not held, on purpose: a pasted or uploaded text (a link is no place for a
// text); the tokenizer panel's tokenizer (a scratch tool that trains nothing
// the model uses; its controls are step 1's options, whose keys are taken);
// the attention text, the comparison table and other results.
import { CORPORA, corpusUrlOf, DEFAULT_CORPUS } from './corpus.js';
import { checkedValue, chosenOptions, trainRequest } from './options.js';
import { initialState } from './store.js';

// The options of a store section the worker would be sent, leaving out any
// value the table refuses (a number half typed): the address keeps what can be trained.
function sendable(values) {
  return chosenOptions(Object.fromEntries(Object.entries(values).filter(([key, value]) => {
    try {
      checkedValue(key, value);
      return true;
    } catch {
      return false;
    }
  })));
}

// The page's corpus key for this text: { choice } or { choice: 'url', url },
// undefined for the first built-in text (the default) and null for a text no link can carry.
export function corpusInLink(corpus) {
  if (corpus.choice === DEFAULT_CORPUS) return undefined;
  if (Object.hasOwn(CORPORA, corpus.choice)) return { choice: corpus.choice };
  if (corpus.choice === 'url') {
    try {
      return { choice: 'url', url: corpusUrlOf(corpus.url.trim()) };
    } catch {
      return null;  // not an address yet
    }
  }
  return null;
}

// { options, page } of a playground's state, for writeLink().
export function linkOf(state) {
  const { view } = state;
  const page = { panels: view.panels ?? [], lock: view.lock, hide: view.hide, lesson: view.lesson, train: view.train };
  const corpus = corpusInLink(state.corpus);
  if (corpus) page.corpus = corpus;
  return { options: { ...trainRequest(sendable(state.train)), ...sendable(state.sampling) }, page };
}

// What a playground opened on this link (readLink's result) trains and
// samples with: { corpus (the store's corpus section), train (the worker's
// train request), sample (the sampling options, the prompt among them) }.
// Throws OptionError if the link leaves a value the page would refuse.
export function linkRequests(link) {
  const state = initialState(link);
  return { corpus: state.corpus, train: trainRequest(chosenOptions(state.train)), sample: chosenOptions(state.sampling) };
}
