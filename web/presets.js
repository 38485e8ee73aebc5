// Where the page departs from the core's option table, as data, each with
// its reason. Everything not named here is the table's (core/app/option_table.cpp,
// written for the page as build/option-table.js): every default, range, step
// and tooltip. Keys are the table's; web/options.js reads both.
//
// Deliberately not here: anything the table already says. A value equal to
// the table's default is left out, so a change of default in the core shows
// on the page without a change here.

// Written into the vocabulary size when a tokenizer is chosen: the table's
// default is 0, "the tokenizer's own size", and these are those sizes, so
// that the number shows. Markers (<unk>, <eol>, ...) count in the size; BPE
// adds 256 byte pieces on top.
export const TOKENIZER_PRESETS = {
  char: {},
  word: { vocabSize: 10000 },
  bpe: { vocabSize: 512 },
  unigram: { vocabSize: 512 },
};

// Written into the controls when a model family is chosen, on top of the
// table's defaults for that model: sizes that learn visibly on the names
// list within a minute in the browser, shorter than the table's runs.
export const FAMILY_PRESETS = {
  ngram: {},
  mlp: { steps: 1500, lr: 0.005 },
  // A recurrent network reads a line token by token: fewer, slower steps.
  rnn: { steps: 600, lr: 0.005 },
  lstm: { steps: 600, lr: 0.005 },
  gru: { steps: 600, lr: 0.005 },
  // d_model 64, 2 blocks of 4 heads over 16 tokens: about 15 s for 2,000 steps, below the trigram.
  transformer: { lr: 0.005, embed: 64, layers: 2, context: 16 },
};

// Starting values that differ from the table's defaults, for each set of
// controls: step 1 (train), Generate (sample) and the tokenizer panel.
export const START = {
  // None: the first model is the table's own, a character trigram with Kneser-Ney (it trains in milliseconds).
  train: {},
  sample: {
    count: 5,  // five samples show what a setting does; one shows luck
  },
  tokenizerPanel: {
    tokenizer: 'bpe',  // pieces show at once what a tokenizer does; characters would show nothing new
    ...TOKENIZER_PRESETS.bpe,
    subwordAlpha: 0.3, // the first sampled cut visibly differs from the most probable, yet still reads
  },
};

// Sliders show a narrower span than the table allows (a slider over 0..100
// cannot be set to 0.8); each lies inside the table's range and moves by the
// table's step. What lies beyond stays open to the CLI and the JS API.
export const SLIDER_SPANS = {
  // Above 2 every sample is noise already.
  temperature: { min: 0, max: 2 },
  // Top-k keeps a handful to a few dozen tokens; on a longer slider 5 could not be picked.
  topK: { min: 0, max: 40 },
  // Below 0.05 only the favourite is left, which greedy already does.
  topP: { min: 0.05, max: 1 },
  // The tokenizer panel's α: 0 is the most probable cut, which has its own button; above 1 the cuts sharpen back toward it.
  subwordAlpha: { min: 0.05, max: 1 },
};

// The names a select shows for the table's choices (the table's own name where none is given).
export const CHOICE_NAMES = {
  tokenizer: { char: 'characters', word: 'words', bpe: 'BPE (subwords)', unigram: 'unigram (subwords)' },
  model: {
    ngram: 'n-gram (counts)', mlp: 'MLP (neural, fixed window)', rnn: 'RNN (recurrent)', lstm: 'LSTM (recurrent)',
    gru: 'GRU (recurrent)', transformer: 'Transformer (attention)',
  },
  order: { 1: '1 · unigram', 2: '2 · bigram', 3: '3 · trigram' },
  smoothing: { none: 'none (raw counts)', addk: 'add-k', kn: 'Kneser-Ney' },
  positions: { learned: 'learned table', sinusoidal: 'fixed sinusoids' },
};

// Options the page deliberately has no control for, and why. They keep the
// table's defaults unless said otherwise; the CLI and the JS API offer them all.
const SIMPLER = 'kept at the table’s default to keep the page simple';
export const HIDDEN_OPTIONS = {
  valSplit: 'follows the chosen text: interleaved for the sorted names list, the tail otherwise (CORPORA in corpus.js)',
  seed: 'one training seed is enough here: the same settings train the same model, so the comparison table compares settings, not luck',
  memoryLimitMb: 'a tab keeps the default, half of what a 32-bit WebAssembly module can address',
  evalEvery: 'derived from the steps (DERIVED below), so that the loss chart of any run gets points',
  warmup: 'derived from the steps (DERIVED below), so that a short run is not all warm-up',
  timeBudget: 'the page has Pause and Stop instead: a run stopped early keeps what it has learned',
  mode: SIMPLER,
  seqLen: SIMPLER,
  dropout: SIMPLER,
  batch: SIMPLER,
  optimizer: SIMPLER,
  weightDecay: SIMPLER,
  clip: SIMPLER,
  accumulate: SIMPLER,
};

// The hidden options the page sets from the steps of a neural run.
export const DERIVED = {
  // About a dozen validation points a run draw a val curve worth looking at;
  // at least every 10 steps (evaluating costs time), at most every 100.
  evalEvery: { pointsPerRun: 12, min: 10, max: 100 },
  // A tenth of the run ramps the learning rate up, never more than the table's default warm-up.
  warmup: { stepsPerWarmupStep: 10 },
};

// "New" draws a sampling seed below this: short enough to read and type back.
export const NEW_SEED_BELOW = 1_000_000;
