// Step 1's controls: the text, the tokenizer, the model and its sizes, bound
// to store.corpus and store.train; which of them apply, the hints that say
// what they mean (in the chosen tokenizer's unit), the mark on a control at
// fault, and "Settings changed: press Train" once they differ from the model's.
import { MAX_FETCHED_CORPUS_BYTES } from '../corpus-fetch.js';
import { CORPORA, corpusKey, corpusUrlOf, fileNameOf, valSplitOf } from '../corpus.js';
import { chosenOptions, familyStart, isNeural, sameOptions, tokenizerStart } from '../options.js';
import { isTraining } from '../store.js';
import { bindControl } from '../ui/bind.js';
import { byIdIn } from '../ui/dom.js';
import { formatBytes } from '../ui/format.js';
import { markInvalid } from '../ui/messages.js';
import { bindOptionControls } from '../ui/option-controls.js';
import { TOKENIZER_HINTS, unitOf } from '../ui/tokenizers.js';

const FAMILY_HINTS = {
  ngram: (unit) => `Counts which ${unit.one} follows each context; trains in an instant.`,
  mlp: (unit) => `A small neural network that reads a fixed window of ${unit.many}; trained step by step with gradient descent.`,
  rnn: () => 'A recurrent network that carries a memory along the whole line; the simplest kind, prone to forgetting.',
  lstm: () => 'A recurrent network with gates that decide what to remember; learns longer patterns than a plain RNN.',
  gru: () => 'A recurrent network with gates, a lighter cousin of the LSTM.',
  transformer: (unit) => `A GPT-style network: each ${unit.one} looks back at all earlier ones through attention heads, no memory carried along.`,
};

const causalHint = (unit) => `Each position attends only to itself and earlier ${unit.many}, as it must: when generating,
  the future is not written yet. Untick it and train again to see why: the model then reads the ${unit.one} it is asked
  to predict, so its loss falls almost to zero (validation too, since it is scored the same way), while what it
  generates, with no future to copy, is noise or nothing at all.`;

export function mountTrainControls(root, store) {
  const $ = byIdIn(root);
  const controls = bindOptionControls(store, 'train', $('train-panel'), { model: familyStart, tokenizer: tokenizerStart });
  controls.file = $('file');
  controls['corpus-url'] = $('corpus-url');
  bindControl(store, $('paste-text'), 'corpus', 'pasted');
  bindControl(store, controls['corpus-url'], 'corpus', 'url');
  // The text decides the split: interleaved for the sorted names list, the tail otherwise.
  const corpusChoice = $('corpus');
  corpusChoice.addEventListener('change', () => {
    const choice = corpusChoice.value;
    store.update(({ corpus, train }) => ({
      corpus: { ...corpus, choice },
      train: { ...train, valSplit: valSplitOf(choice) },
    }));
  });
  controls.file.addEventListener('change', () => store.merge('corpus', { file: controls.file.files[0] ?? null }));

  const render = (state) => {
    const { train, corpus } = state;
    corpusChoice.value = corpus.choice;
    renderCorpus($, corpus);
    renderModelFields($, train);
    markInvalid(controls, state.trainError?.option);
    $('train-hint').textContent = settingsChanged(state) ? 'Settings changed: press Train to apply them.' : '';
  };
  store.watch(['corpus', 'train', 'model', 'training', 'trainError'], render);
  render(store.state);
}

const URL_CHOICE = 'Text at an address (URL)';

function renderCorpus($, corpus) {
  $('paste-field').hidden = corpus.choice !== 'paste';
  $('upload-field').hidden = corpus.choice !== 'upload';
  $('url-field').hidden = corpus.choice !== 'url';
  // The select names a text at an address by its file name, once there is one.
  $('corpus-url-choice').textContent = urlChoiceName(corpus.url) ?? URL_CHOICE;
  $('url-info').textContent = 'Fetched by this tab when you press Train, from this page’s own site or a server that '
    + `lets other sites read it (CORS); at most ${formatBytes(MAX_FETCHED_CORPUS_BYTES)}.`;
  $('corpus-hint').textContent = CORPORA[corpus.choice]?.hint
    ?? { paste: 'Anything in any script works, e.g. 中文, emoji or code.', url: 'A plain-text file on the web, saved as UTF-8.' }[corpus.choice]
    ?? 'A plain-text file saved as UTF-8.';
  $('file-info').textContent = corpus.file
    ? `${corpus.file.name} · ${formatBytes(corpus.file.size)}. Press Train to learn from it.`
    : 'Nothing is uploaded anywhere: the file is read inside this tab.';
}

// "poems.txt (example.org)" for a valid address, else null.
function urlChoiceName(text) {
  try {
    const href = corpusUrlOf(text.trim());
    return `${fileNameOf(href)} (${new URL(href).host})`;
  } catch {
    return null;
  }
}

function renderModelFields($, train) {
  const family = train.model;
  const neural = isNeural(train);
  const transformer = family === 'transformer';
  const unit = unitOf(train.tokenizer);

  $('tokenizer-hint').textContent = TOKENIZER_HINTS[train.tokenizer];
  $('vocab-size-field').hidden = train.tokenizer === 'char';
  $('lowercase-field').hidden = train.tokenizer !== 'word';
  $('subword-alpha-field').hidden = train.tokenizer !== 'unigram';
  $('subword-alpha').disabled = !neural;
  $('subword-alpha-hint').textContent = neural
    ? 'Above 0, each line is cut anew (one segmentation drawn per reading), so the model sees many ways to spell a word (subword regularization).'
    : 'Only for a neural model, which reads each line many times; an n-gram counts each line once, with its most probable segmentation.';

  $('family-hint').textContent = FAMILY_HINTS[family](unit);
  $('ngram-controls').hidden = neural;
  $('neural-controls').hidden = !neural;
  $('context-field').hidden = family !== 'mlp' && !transformer;
  $('context-unit').textContent = `(${unit.many})`;
  $('layers-field').hidden = family === 'mlp';
  $('hidden-field').hidden = transformer;
  $('embed-note').hidden = !transformer;
  $('heads-field').hidden = !transformer;
  $('transformer-controls').hidden = !transformer;
  $('causal-hint').textContent = causalHint(unit);
  $('k-field').hidden = train.smoothing !== 'addk';
  $('order-hint').textContent = train.order === 1
    ? `An order-1 model ignores the context: it only knows how common each ${unit.one} is.`
    : `An order-${train.order} model predicts each ${unit.one} from the ${train.order - 1} before it.`;

  const fraction = train.valFraction;
  $('split-hint').textContent = !(fraction > 0) ? 'nothing held out: no perplexity'
    : train.valSplit === 'interleaved' ? 'lines spread over the whole list (the list is sorted)'
      : `the last ${Math.round(fraction * 100)}% of the text`;
}

// Whether Train would now build another model than the one loaded.
function settingsChanged(state) {
  const { model } = state;
  if (!model || isTraining(state)) return false;
  if (corpusKey(state.corpus) !== model.source.key) return true;
  try {
    return !sameOptions(chosenOptions(state.train), model.options);
  } catch {
    return true;  // a value Train would refuse
  }
}
