// A value of every option of the core's table, shared by the tests that walk
// the table: the CLI and the JS API (tests/node/options.test.js), and links
// (tests/node/link.test.js, tests/e2e/links.test.js).
//
// One value per option that is valid, not its default, and cheap to train
// with; `model` and `tokenizer` pick a pair the option applies to. An option
// added to the table without a row here fails tests/node/options.test.js.
export const PROBES = {
  model: { value: 'lstm' },
  tokenizer: { value: 'word' },
  vocabSize: { value: 50, tokenizer: 'word' },
  lowercase: { value: true, tokenizer: 'word' },
  subwordAlpha: { value: 0.1, model: 'lstm', tokenizer: 'unigram' },
  valFraction: { value: 0.2 },
  valSplit: { value: 'interleaved' },
  seed: { value: 7, model: 'lstm' },
  memoryLimitMb: { value: 512 },
  order: { value: 4 },
  smoothing: { value: 'addk' },
  k: { value: 0.5 },
  mode: { value: 'stream', model: 'lstm' },
  context: { value: 5, model: 'mlp' },
  embed: { value: 12, model: 'lstm' },
  hidden: { value: 12, model: 'lstm' },
  layers: { value: 2, model: 'lstm' },
  dropout: { value: 0.1, model: 'lstm' },
  seqLen: { value: 12, model: 'lstm' },
  batch: { value: 3, model: 'lstm' },
  steps: { value: 3, model: 'lstm' },
  timeBudget: { value: 30, model: 'lstm' },
  lr: { value: 0.01, model: 'lstm' },
  optimizer: { value: 'sgd', model: 'lstm' },
  weightDecay: { value: 0.001, model: 'lstm' },
  warmup: { value: 1, model: 'lstm' },
  clip: { value: 0.5, model: 'lstm' },
  accumulate: { value: 2, model: 'lstm' },
  evalEvery: { value: 1, model: 'lstm' },
  heads: { value: 1, model: 'transformer' },
  positions: { value: 'sinusoidal', model: 'transformer' },
  causal: { value: false, model: 'transformer' },
  temperature: { value: 0.5 },
  topK: { value: 3 },
  topP: { value: 0.9 },
  greedy: { value: true },
  maxTokens: { value: 5 },
  count: { value: 2 },
  sampleSeed: { value: 9 },
  prompt: { value: 'ma' },
};
