// The types of LM Playground's JavaScript API (web/lib/lmp.js), written by
// hand beside it. The options themselves are typed from the core's option
// table at build time (web/build/option-types.d.ts), so their keys, choices,
// ranges and defaults are said once, in the core.
//
// Left out: what the classes use among themselves (Lmp.core, checkedBytes,
// withSampleOptions, typedSettings, the handles); they are not the API.

import type { ModelKind, OptionKey, SampleOptions, TokenizerKind, TrainOptions } from '../build/option-types.js';

export type { ModelKind, OptionKey, SampleOptions, TokenizerKind, TrainOptions };

/** A text: a string, or its UTF-8 bytes (checked as UTF-8). */
export type Text = string | Uint8Array | ArrayBuffer;

/**
 * What went wrong, by kind, so that callers act without reading the message:
 * - `'invalid-input'`: a text, prompt or option that cannot be used (the message says which and why)
 * - `'corrupt-model'`: a model file that is truncated, damaged, from a newer release or not ours
 * - `'resource-limit'`: the work needs more memory than the limit allows, or memory ran out
 * - `'usage'`: the API itself misused: a disposed object, an argument of the wrong type
 * - `'internal'`: a bug in the core; the message says where
 *
 * A training that diverges is not an error: it stops, keeps the last good
 * weights and says so in `stopped`.
 */
export type LmpErrorKind = 'invalid-input' | 'corrupt-model' | 'resource-limit' | 'usage' | 'internal';

/** Every error the API throws for a reason it knows. */
export class LmpError extends Error {
  constructor(kind: LmpErrorKind, message: string);
  readonly name: 'LmpError';
  /** What went wrong, for the caller to act on. */
  readonly kind: LmpErrorKind;
}

/**
 * Loads the wasm core (web/build/lmp_core.wasm, found beside lmp_core.js) and
 * returns the API. In Node the file is read from disk; in a browser it is
 * fetched from the module's own address, so an import map that points at
 * web/lib/lmp.js needs nothing else.
 */
export function loadLmp(): Promise<Lmp>;

/** `'seqLen'` -> `'seq-len'`: the command line's spelling of an option key. */
export function kebab(key: string): string;

/** One row of the option table: everything known about one option. */
export interface OptionInfo {
  /** The key in an options object (`'seqLen'`). */
  readonly key: OptionKey;
  /** Where it is given: to training or to sampling. */
  readonly group: 'train' | 'sample';
  readonly type: 'integer' | 'number' | 'boolean' | 'choice' | 'text';
  readonly default: number | boolean | string;
  /** Defaults of their own for some models (`{ transformer: 64 }`). */
  readonly modelDefaults: Readonly<Record<string, number | boolean | string>>;
  /** The range of a number (for a choice, the indices of its choices). */
  readonly min: number;
  readonly max: number;
  /** Whether min itself is excluded (a learning rate above 0). */
  readonly aboveMin: boolean;
  /** The step of the page's control. */
  readonly step: number;
  /** The values of a choice; empty for other types. */
  readonly choices: readonly string[];
  /** The models it applies to. */
  readonly models: readonly ModelKind[];
  /** The tokenizers it applies to. */
  readonly tokenizers: readonly TokenizerKind[];
  /** Other names it is read under, some only for the models named (all models when empty). */
  readonly aliases: readonly { readonly name: string; readonly models: readonly ModelKind[] }[];
  /** Its values in words ("a whole number from 1 to 8"). */
  readonly allowed: string;
  /** A short name ("the n-gram order"). */
  readonly label: string;
  /** What it does and why its default is what it is. */
  readonly help: string;
  /** The command line's flag (`'--seq-len'`). */
  readonly flag: string;
}

/** Scores of a text under a model (natural logarithms). */
export interface EvalReport {
  /** Tokens scored, an end of line for each line included. */
  tokens: number;
  /** Characters of the text scored (line ends included). */
  chars: number;
  /** The summed negative log-likelihood, in nats. */
  nllTotal: number;
  nllPerToken: number;
  /** Perplexity: exp(nllPerToken); Infinity when a token had probability 0. */
  ppl: number;
  /** Bits per character: nllTotal / ln 2 / chars. */
  bpc: number;
  /** Tokens the vocabulary does not hold. */
  unk: number;
  /** Tokens that had probability 0 (an unsmoothed n-gram). */
  zeroProb: number;
  tokensPerChar: number;
  /** The share of tokens that are unknown. */
  oovRate: number;
}

/** What a training produced, and how it went. */
export interface TrainReport {
  /** A name for the model (`'ngram-3-kn'`, `'lstm'`). */
  model: string;
  /** Stored n-grams, or weights of a neural model. */
  params: number;
  /** Optimizer steps (0 for an n-gram). */
  steps: number;
  tokensPerS: number;
  /** The last training loss, in nats a token (neural models). */
  trainLoss: number;
  /** Why the training ended early (a diverged loss, the time budget), or ''. */
  stopped: string;
  trainTokens: number;
  valTokens: number;
  hasVal: boolean;
  /** The held-out text's scores; null without held-out text. */
  val: EvalReport | null;
  /** For each n-gram order, the share of held-out n-grams never seen in training. */
  valUnseenShare: number[];
}

/** An n-gram model's counts by order. */
export interface NgramStats {
  orders: {
    order: number;
    distinctNgrams: number;
    /** Kneser-Ney's discounts D1, D2, D3+. */
    discounts: [number, number, number];
    /** Whether the discounts fell back to defaults (too few counts to estimate them). */
    discountsFellBack: boolean;
    /** The share of held-out n-grams of this order never seen; null without held-out text. */
    valUnseenShare: number | null;
  }[];
  memoryBytes: number;
  vocabSize: number;
}

/** A token with its id: `piece` is its text, or `<unk>`, `<eol>`, `<0xE4>`. */
export interface TokenPiece {
  id: number;
  piece: string;
}

/** A text as a tokenizer cuts it. */
export interface Tokenization {
  /** Each line's pieces, then `<eol>`. */
  tokens: TokenPiece[];
  chars: number;
  pieces: number;
  unk: number;
  tokensPerChar: number;
  oovRate: number;
  /** Whether every line is read with a space before it (BPE, unigram, as SentencePiece). */
  lineStartSpace: boolean;
}

/** How a text is cut: `alpha` 0 takes the most probable segmentation; above 0 (unigram) draws one a line from `seed`. */
export interface TokenizeOptions {
  /** Default 0. */
  alpha?: number;
  /** A whole number from 0 to 4294967295; default 1. */
  seed?: number;
}

/** A candidate for the next token. */
export interface NextToken {
  id: number;
  token: string;
  /** Its probability at temperature 1. */
  base: number;
  /** After temperature. */
  tempered: number;
  /** After top-k and top-p: what sampling draws with. */
  prob: number;
  /** What removed it, or null. */
  removedBy: null | 'top-k' | 'top-p' | 'greedy';
}

/** What a model reads for its next prediction after a prompt. */
export interface ModelContext {
  /** Oldest first; `<bos>` is not listed. */
  tokens: TokenPiece[];
  /** Whether the line's start is inside the window. */
  fromLineStart: boolean;
  /** The piece taken back from a prompt that stops inside a word, which the next piece must start with ('' when not healed). */
  healedPrefix: string;
}

/** One true token of a line, scored after the true prefix and after the model's own tokens. */
export interface ExposureStep {
  /** The true token as text (`'m'`, `'<eol>'`). */
  truth: string;
  /** The model's own token at this place. */
  own: string;
  truthId: number;
  ownId: number;
  /** -ln p(x_t | x_<t), in nats (teacher forcing). */
  forcedNll: number;
  /** -ln p(x_t | prompt, own tokens), in nats; Infinity for probability 0. */
  ownNll: number;
  /** False when nothing could be drawn and the true token stands in. */
  drawn: boolean;
}

/** Teacher forcing against the model's own text, for one line. */
export interface ExposureLine {
  /** Its number in the text, from 1. */
  line: number;
  text: string;
  /** The prompt and the own tokens as text. */
  ownText: string;
  /** The given tokens (promptTokens of them). */
  prompt: string[];
  /** One per measured token, `<eol>` last. */
  steps: ExposureStep[];
  /** What the steps spell, + 1 for the line end. */
  chars: number;
  forcedNllPerToken: number;
  ownNllPerToken: number;
  forcedBpc: number;
  ownBpc: number;
}

/** The sampling options of exposure: its prompt is each line's first tokens, its length the line's. */
export type ExposureOptions = Omit<SampleOptions, 'prompt' | 'maxTokens' | 'count'> & {
  /** The first promptTokens tokens of each line are given to both runs; default 0. */
  promptTokens?: number;
};

/** What each head of a Transformer attends to. */
export interface AttentionMaps {
  /** The prompt's tokens (T of them). */
  tokens: string[];
  layers: number;
  heads: number;
  causal: boolean;
  /** (layers, heads, T, T): weights[((layer * heads + head) * T + query) * T + key]; cells the causal mask hides are 0. */
  weights: Float32Array;
}

/** A training after a slice of it. */
export interface TrainingProgress {
  step: number;
  totalSteps: number;
  trainLoss: number;
  /** -1 before the first evaluation. */
  valLoss: number;
  tokensPerS: number;
  elapsedS: number;
  finished: boolean;
  /** Why it ended early, or ''. */
  stopped: string;
}

/** One context length of a generation-cost measurement: microseconds per generated token. */
export interface GenerationCost {
  /** The context length, in tokens. */
  n: number;
  /** A tiny GPT with its KV cache. */
  kvUs: number;
  /** The same GPT recomputing the whole context. */
  recomputeUs: number;
  /** An LSTM. */
  lstmUs: number;
}

/** How a generation cost is measured. */
export interface GenerationCostOptions {
  /** Contexts 16, 32, ... doubling up to this (16..512); default 256. */
  maxContext?: number;
  /** Tokens timed after each context (1..64), the median of 3 runs; default 32. */
  tokens?: number;
  /** Default 1. */
  seed?: number;
}

/** The training options, and a held-out text to validate on. */
export type TrainRequest = TrainOptions & {
  /** Without it, `valFraction` of the lines are held out. */
  valText?: Text | null;
};

/** The API over one loaded wasm core. */
export class Lmp {
  private constructor();

  /** The option table, every option in the core's order. */
  options(): readonly OptionInfo[];

  /** Every training option at its default, for this model when one is named (then `model` is set too). */
  defaults(model?: ModelKind): TrainOptions;

  /**
   * Of an options object, the part that applies to its model and tokenizer:
   * training refuses an option given for a model or tokenizer it does nothing
   * for, so one object can serve several models through this.
   */
  applicable<T extends TrainOptions>(options: T): Partial<T>;

  /**
   * Trains a model to the end in one call. A diverging run stops and keeps
   * its last good weights (see `report.stopped`).
   * @throws {LmpError} 'invalid-input' for a bad text or option, 'resource-limit' past memoryLimitMb
   */
  train(text: Text, options?: TrainRequest): Model;

  /**
   * Starts a training to run slice by slice (what a page's worker does):
   * `while (!training.finished) report(training.run({ maxSeconds: 0.25 }));`
   */
  startTraining(text: Text, options?: TrainRequest): Training;

  /**
   * Loads a model file written by `model.save()`, `lmp train` or the page.
   * @throws {LmpError} 'corrupt-model' for a damaged file, one from a newer release or not ours
   */
  loadModel(bytes: Uint8Array | ArrayBuffer): Model;

  /** Times what one more generated token costs as the context grows (about a second in wasm). */
  measureGenerationCost(options?: GenerationCostOptions & { onPoint?: ((row: GenerationCost) => void) | null }): GenerationCost[];

  /** The same, one context length per call, for a caller that must stay responsive. */
  startGenerationCost(options?: GenerationCostOptions): GenerationCostMeter;

  /** The lines a model would train on and hold out (each line ending in '\n'), by valFraction and valSplit. */
  splitText(text: Text, options?: TrainOptions): { train: string; val: string };

  /** A tokenizer on its own, to try kinds and vocabulary sizes without training a model. */
  trainTokenizer(text: Text, options?: TrainOptions): Tokenizer;
}

/** A wasm object the API owns: free it with dispose(); using it afterwards throws a 'usage' LmpError. */
declare class Owned {
  protected constructor();
  /** Frees its wasm memory; calling it again does nothing. */
  dispose(): void;
}

/** A trained model. */
export class Model extends Owned {
  /** The training options that apply to it: what `lmp.train(text, model.options)` repeats. */
  readonly options: TrainOptions;
  readonly report: TrainReport;
  /** Tokens in its vocabulary, the three markers included. */
  readonly vocabSize: number;

  /** Per order: distinct n-grams, Kneser-Ney discounts, share of held-out n-grams never seen. */
  stats(): NgramStats;

  /** Scores a text, each non-empty line on its own. */
  evaluate(text: Text): EvalReport;

  /** Draws `count` samples, each the prompt followed by its continuation. */
  sample(prompt?: string, options?: Omit<SampleOptions, 'prompt'>): string[];

  /**
   * The next-token distribution after the prompt, most probable first; `limit`
   * (0: all) cuts the list. <unk> is never offered. After a prompt that stops
   * inside a word, only pieces that start with the healed prefix.
   */
  nextTokens(prompt?: string, options?: Omit<SampleOptions, 'prompt'> & { limit?: number }): NextToken[];

  /**
   * What the model reads for its next prediction after the prompt: its last
   * line, healed, cut to the model's window (order - 1 tokens for an n-gram,
   * the window of an MLP or a Transformer, the whole line for a recurrent network).
   */
  context(prompt?: string): ModelContext;

  /**
   * Teacher forcing against the model's own text, for each non-empty line:
   * each true token scored after the true prefix and after the model's own
   * draws since the line's first promptTokens tokens.
   * @throws {LmpError} 'usage' for prompt, maxTokens or count; 'invalid-input' for a line shorter than promptTokens
   */
  exposure(text: Text, options?: ExposureOptions): ExposureLine[];

  /** The text as this model's tokenizer cuts it. */
  tokenize(text: Text, options?: TokenizeOptions): Tokenization;

  /**
   * Transformers only: what each head attends to over the prompt (as the start of a line).
   * @throws {LmpError} 'invalid-input' for another model
   */
  attention(prompt?: string): AttentionMaps;

  /** The model file's bytes, for `lmp.loadModel`, `lmp sample --model` or the page. */
  save(): Uint8Array;
}

/** A tokenizer trained on its own (`lmp.trainTokenizer`). */
export class Tokenizer extends Owned {
  readonly kind: TokenizerKind;
  readonly vocabSize: number;
  /** Whether tokenize({ alpha > 0 }) can draw other segmentations (unigram). */
  readonly canSample: boolean;
  readonly trainSeconds: number;
  tokenize(text: Text, options?: TokenizeOptions): Tokenization;
}

/** A training in progress (`lmp.startTraining`). */
export class Training extends Owned {
  /** Trains for at most maxSteps steps (default: no limit) and maxSeconds seconds (default 0.25). */
  run(options?: { maxSteps?: number; maxSeconds?: number }): TrainingProgress;
  readonly finished: boolean;
  /** Samples from the weights as they are now (temperature 1). */
  preview(prompt?: string, options?: Pick<SampleOptions, 'maxTokens' | 'count' | 'sampleSeed' | 'seed'>): string[];
  /** The trained model, validated on the held-out text; ends the training. */
  finish(): Model;
}

/** A generation-cost measurement in progress (`lmp.startGenerationCost`). */
export class GenerationCostMeter extends Owned {
  /** The context lengths it times: 16, 32, ... up to maxContext. */
  readonly contexts: number[];
  readonly finished: boolean;
  /** Times the next of `contexts`. */
  measureNext(): GenerationCost;
  /** The rows still to measure, each timed when it is asked for. */
  [Symbol.iterator](): Iterator<GenerationCost>;
}
