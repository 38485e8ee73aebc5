// The training options the controls ask for: which apply to the chosen model
// and tokenizer, whether their values are usable, and the one place where the
// store's option names become the worker's train request.

// The page's bounds for each number it takes (the core checks again, with its own).
const NUMBERS = {
  vocabSize: { name: 'the vocabulary size', min: 0, max: 1000000, integer: true },
  subwordAlpha: { name: 'the subword sampling α', min: 0, max: 1 },
  valFraction: { name: 'the validation fraction', min: 0, max: 0.9 },
  k: { name: 'k', min: 0.001, max: 1000 },
  hidden: { name: 'the hidden size', min: 4, max: 512, integer: true },
  embed: { name: 'the embedding size', min: 2, max: 256, integer: true },
  steps: { name: 'the number of training steps', min: 1, max: 100000, integer: true },
  lr: { name: 'the learning rate', min: 0.00001, max: 1 },
  layers: { name: 'the number of layers', min: 1, max: 4, integer: true },
  heads: { name: 'the number of heads', min: 1, max: 16, integer: true },
  // The MLP's window of tokens; a Transformer's needs 2 positions at least.
  context: { name: 'the context', min: 1, max: 16, integer: true },
  transformerContext: { name: 'the context', min: 2, max: 64, integer: true },
  // Sampling
  maxTokens: { name: 'the length', min: 1, max: 5000, integer: true },
  count: { name: 'the number of samples', min: 1, max: 200, integer: true },
  seed: { name: 'the seed', min: 0, max: 4294967295, integer: true },
};

// A value the page will not send; option names the control to mark.
export class OptionError extends Error {
  constructor(message, option) {
    super(message);
    this.name = 'OptionError';
    this.option = option;
  }
}

// values[key], checked against NUMBERS[rule ?? key].
export function checkedNumber(values, key, rule = key) {
  const { name, min, max, integer = false } = NUMBERS[rule];
  const value = values[key];
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new OptionError(`${name} is not a number; enter a value between ${min} and ${max}`, key);
  }
  if (value < min || value > max || (integer && !Number.isInteger(value))) {
    throw new OptionError(`${name} must be ${integer ? 'a whole number ' : ''}between ${min} and ${max} (got ${value})`, key);
  }
  return value;
}

export function isNeural(options) {
  return Boolean(options.model) && options.model !== 'ngram';
}

// The options of `train` (the store's section) that apply to its model and
// tokenizer, checked; keyed as the store keys them. Throws OptionError.
export function chosenOptions(train) {
  const neural = isNeural(train);
  const number = (key, rule) => checkedNumber(train, key, rule);
  const options = {
    model: train.model,
    tokenizer: train.tokenizer,
    vocabSize: train.tokenizer === 'char' ? 0 : number('vocabSize'),
    lowercase: train.tokenizer === 'word' && train.lowercase,
    // Subword sampling only where it does something: an n-gram counts each line once.
    subwordAlpha: train.tokenizer === 'unigram' && neural ? number('subwordAlpha') : 0,
    valFraction: number('valFraction'),
    valSplit: train.valSplit,
  };
  if (!neural) {
    Object.assign(options, { order: train.order, smoothing: train.smoothing });
    if (train.smoothing === 'addk') options.k = number('k');
    return options;
  }
  const transformer = train.model === 'transformer';
  // A Transformer block's MLP is 4 x d_model: it has no hidden size of its own.
  if (!transformer) options.hidden = number('hidden');
  options.embed = number('embed');
  options.steps = number('steps');
  options.lr = number('lr');
  if (train.model === 'mlp' || transformer) options.context = number('context', transformer ? 'transformerContext' : 'context');
  if (train.model !== 'mlp') options.layers = number('layers');
  if (transformer) {
    options.heads = number('heads');
    if (options.embed % options.heads !== 0) {
      throw new OptionError(`the embedding size (${options.embed}) must be a multiple of the number of heads (${options.heads})`, 'embed');
    }
    options.positions = train.positions;
    options.causal = train.causal;
  }
  return options;
}

// Whether two sets of chosen options train the same model.
export function sameOptions(a, b) {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((key) => Object.is(a[key], b[key]));
}

// The worker's train request (the JS API's options) for chosen options.
export function trainRequest(options) {
  const request = { ...options };
  if (isNeural(options)) {
    // Evaluating often draws a val curve worth looking at; a short run still gets a few points.
    request.evalEvery = Math.max(10, Math.min(100, Math.round(options.steps / 12)));
    request.warmup = Math.min(100, Math.floor(options.steps / 10));
  }
  return request;
}
