// The page's starting values and presets, as data: the built-in texts, the
// controls' first values, and what choosing a model family or a tokenizer
// writes into the controls. Option names are the JS API's (web/lib/lmp.js),
// with one exception: `context` is the window the model reads, for the MLP
// and the Transformer alike (web/options.js maps it onto the API).

// Built-in texts; `path` is relative to web/. Pasted and uploaded texts use the tail split.
export const CORPORA = {
  names: {
    label: 'Names (8,422 first names)',
    path: './build/corpora/names.txt',
    // The list is sorted: a tail split would hold out only names from the end of the alphabet.
    valSplit: 'interleaved',
    hint: 'Lowercase English first names, one a line. The model learns to invent new names.',
  },
  moby: {
    label: 'Moby Dick',
    path: './build/corpora/moby.txt',
    valSplit: 'tail',
    hint: 'Herman Melville’s novel, 1.2 MB of English prose. High orders take a few seconds and use more memory.',
  },
};

// The training controls on load: names, characters, a Kneser-Ney trigram
// (it trains in milliseconds, so there is a working model from the first second).
export const TRAIN_START = {
  model: 'ngram',
  tokenizer: 'char',
  vocabSize: 512,
  lowercase: false,
  subwordAlpha: 0,
  valFraction: 0.1,
  valSplit: CORPORA.names.valSplit,
  order: 3,
  smoothing: 'kn',
  k: 1,
  context: 3,
  embed: 32,
  hidden: 128,
  layers: 1,
  steps: 600,
  lr: 0.005,
  heads: 4,
  positions: 'learned',
  causal: true,
};

export const SAMPLING_START = {
  prompt: '',
  temperature: 1,
  topK: 0,
  topP: 1,
  greedy: false,
  maxTokens: 100,
  count: 5,
  seed: 1,
};

// Written into the controls when a family is chosen: sizes that learn
// visibly on the names list within a minute in the browser.
export const FAMILY_PRESETS = {
  ngram: {},
  mlp: { steps: 1500, lr: 0.005, hidden: 128, embed: 32, context: 3 },
  rnn: { steps: 600, lr: 0.005, hidden: 128, embed: 32, layers: 1 },
  lstm: { steps: 600, lr: 0.005, hidden: 128, embed: 32, layers: 1 },
  gru: { steps: 600, lr: 0.005, hidden: 128, embed: 32, layers: 1 },
  // d_model 64, 2 blocks of 4 heads over 16 tokens: about 15 s for 2,000 steps, below the trigram.
  transformer: { steps: 2000, lr: 0.005, embed: 64, layers: 2, context: 16 },
};

// Written into the vocabulary size when a tokenizer is chosen: the core's
// defaults (vocabSize 0), so that they show. Markers (<unk>, <eol>, ...)
// count in the size; BPE adds 256 byte pieces on top.
export const TOKENIZER_PRESETS = {
  char: {},
  word: { vocabSize: 10000 },
  bpe: { vocabSize: 512 },
  unigram: { vocabSize: 512 },
};
