// The options the page's controls set, read from the core's option table
// (build/option-table.js) and the page's departures from it (presets.js):
// where the controls start, what choosing a model family writes, which
// options apply to the chosen model and tokenizer, whether a value is one
// the table allows, and the train request for the worker. Store sections
// key their options as the table does.
//
// Left out on purpose: rules between options (d_model a multiple of the
// heads, a vocabulary too small for its markers). The core checks those and
// its message names the option; optionNamedBy() finds which.
import { OPTIONS } from './build/option-table.js';
import { DERIVED, FAMILY_PRESETS, HIDDEN_OPTIONS, TOKENIZER_PRESETS } from './presets.js';

const BY_KEY = new Map(OPTIONS.map((option) => [option.key, option]));

// The table's row of this key; a key the table lacks is a mistake of the page.
export function optionOf(key) {
  const option = BY_KEY.get(key);
  if (!option) throw new Error(`the option table has no option '${key}'`);
  return option;
}

const MODELS = optionOf('model').choices;
const TOKENIZERS = optionOf('tokenizer').choices;

// The table's default of an option for this model: the model's own where it has one (the Transformer's context).
export function defaultOf(key, model = optionOf('model').default) {
  const option = optionOf(key);
  return model in option.modelDefaults ? option.modelDefaults[model] : option.default;
}

// The keys of a group ('train' | 'sample') the page has controls for, in the table's order.
export function shownKeys(group) {
  return OPTIONS.filter((option) => option.group === group && !(option.key in HIDDEN_OPTIONS)).map((option) => option.key);
}

// { key: value } where these options start: the page's departures, else the
// table's default (for the model the departures start with, else the table's).
export function startValues(keys, departures = {}) {
  const model = departures.model ?? optionOf('model').default;
  return Object.fromEntries(keys.map((key) => [key, key in departures ? departures[key] : defaultOf(key, model)]));
}

// What choosing a model family writes into the controls: the table's defaults,
// for that model, of the shown options that belong to some models only (an
// n-gram's order, a network's sizes; not what belongs to a tokenizer), then the family's preset.
export function familyStart(model) {
  const own = OPTIONS.filter((option) => option.group === 'train' && !(option.key in HIDDEN_OPTIONS)
    && option.models.includes(model) && option.models.length < MODELS.length && option.tokenizers.length === TOKENIZERS.length);
  return { ...startValues(own.map((option) => option.key), { model }), ...FAMILY_PRESETS[model] };
}

// What choosing a tokenizer writes into the controls: its own vocabulary size, shown.
export function tokenizerStart(tokenizer) {
  return TOKENIZER_PRESETS[tokenizer] ?? {};
}

// The lowest value a number control offers: the table's minimum, or one step
// above it where the minimum itself is refused (a learning rate of 0).
export function lowestAllowed(option) {
  return option.aboveMin ? Number((option.min + option.step).toPrecision(12)) : option.min;
}

// A value the page will not send; option names the control to mark.
export class OptionError extends Error {
  constructor(message, option) {
    super(message);
    this.name = 'OptionError';
    this.option = option;
  }
}

// value, if the table allows it for this option; otherwise an OptionError
// that names the option by its label and says what it allows.
export function checkedValue(key, value) {
  const option = optionOf(key);
  const refuse = (got) => {
    throw new OptionError(`${option.label} must be ${option.allowed} (got ${got})`, key);
  };
  switch (option.type) {
    case 'integer':
    case 'number':
      if (typeof value !== 'number' || Number.isNaN(value)) {
        throw new OptionError(`${option.label} is not a number: enter ${option.allowed}`, key);
      }
      if ((option.aboveMin ? value <= option.min : value < option.min) || value > option.max
        || (option.type === 'integer' && !Number.isInteger(value))) refuse(value);
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') refuse(value);
      return value;
    case 'choice':
      if (!option.choices.includes(value)) refuse(`'${value}'`);
      return value;
    default:
      if (typeof value !== 'string') refuse(value);
      return value;
  }
}

// Whether an option does anything for this model and tokenizer (either may
// be left out: the tokenizer panel has no model).
export function appliesTo(option, { model, tokenizer }) {
  return (model === undefined || option.models.includes(model))
    && (tokenizer === undefined || option.tokenizers.includes(tokenizer));
}

// The one rule the page adds to the table's: add-k's k counts only with
// add-k smoothing, so its hidden field must not stop another smoothing.
const COUNTS_ONLY_IF = {
  k: (values) => values.smoothing === 'addk',
};

// Of a store section's values, the options that apply to its model and
// tokenizer, checked, in the table's order: what the worker is sent. Throws OptionError.
export function chosenOptions(values) {
  const chosen = {};
  for (const option of OPTIONS) {
    if (!(option.key in values) || !appliesTo(option, values)) continue;
    if (COUNTS_ONLY_IF[option.key] && !COUNTS_ONLY_IF[option.key](values)) continue;
    chosen[option.key] = checkedValue(option.key, values[option.key]);
  }
  return chosen;
}

// The option a refusal from the core is about: its messages start with the
// key ("lr must be a number above 0 ..."). null when it names none.
export function optionNamedBy(error) {
  if (error?.kind !== 'invalid-input') return null;
  const key = /^\w+/.exec(error.message ?? '')?.[0];
  return BY_KEY.has(key) ? key : null;
}

export function isNeural(options) {
  return Boolean(options.model) && options.model !== 'ngram';
}

// Whether two sets of chosen options train the same model.
export function sameOptions(a, b) {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((key) => Object.is(a[key], b[key]));
}

// The hidden options the page derives from a neural run's steps (DERIVED in
// presets.js): { evalEvery, warmup }, or {} for an n-gram or without steps.
export function derivedOptions(options) {
  if (!isNeural(options) || typeof options.steps !== 'number') return {};
  const { evalEvery, warmup } = DERIVED;
  return {
    evalEvery: Math.max(evalEvery.min, Math.min(evalEvery.max, Math.round(options.steps / evalEvery.pointsPerRun))),
    warmup: Math.min(defaultOf('warmup'), Math.floor(options.steps / warmup.stepsPerWarmupStep)),
  };
}

// The worker's train request (the JS API's options) for chosen options: a
// neural run also gets the options the page derives from its steps, unless
// the options set them already (a link may).
export function trainRequest(options) {
  return { ...derivedOptions(options), ...options };
}

// values without the derived options that equal what the page would derive
// for them: a link written by the page carries those, and they must follow
// the steps when the visitor changes them, not stay pinned.
export function withoutDerived(values) {
  const derived = derivedOptions(values);
  return Object.fromEntries(Object.entries(values).filter(([key, value]) => !(key in derived) || !Object.is(derived[key], value)));
}
