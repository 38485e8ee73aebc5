#!/usr/bin/env node
// lmp: the command-line face of LM Playground. It runs the same wasm module
// as the page, through the same JS API (web/lib/lmp.js).
//
// The flags of `train` and `sample` are the core's option table (lmp.options()):
// each option's key in kebab case (seqLen -> --seq-len), booleans as --x and
// --no-x, older spellings as aliases; `lmp train --help` prints the table.
// Results go to stdout (JSON, or samples one per line); progress and errors
// go to stderr, an error as one line, with an exit code per kind of error.
//
// --from-url LINK takes the options from a playground's link instead, read as
// the page reads it (scripts/link-input.js): the same link trains the same
// model and draws the same samples here as in the page.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { kebab, loadLmp } from '../web/lib/lmp.js';
import { linkCorpus, readLinkArgument } from './link-input.js';

// Exit codes, by what went wrong (LmpError.kind, and the CLI's own).
const EXIT = {
  internal: 1,
  usage: 2,
  'invalid-input': 3,
  'corrupt-model': 4,
  'resource-limit': 5,
  diverged: 6,
  io: 7,
};

class CliError extends Error {
  constructor(kind, message) {
    super(message);
    this.kind = kind;
  }
}
const usage = (message) => new CliError('usage', message);

// The sampling options that shape the next-token distribution (`lmp probs`).
const DISTRIBUTION_KEYS = new Set(['temperature', 'topK', 'topP', 'greedy', 'prompt']);
// Those that draw the model's own text after each line's first tokens (`lmp exposure`).
const EXPOSURE_KEYS = new Set(['temperature', 'topK', 'topP', 'greedy', 'sampleSeed']);

// Flags that are not options: what to read and where to write.
const FROM_URL = 'from-url';
const FILE_FLAGS = {
  train: {
    text: ['FILE', 'the training text (UTF-8; each non-empty line is one sequence)'],
    val: ['FILE', 'a validation text; without it, --val-fraction of the lines are held out'],
    out: ['MODEL', 'where to save the trained model (.lmp)'],
    [FROM_URL]: ['LINK', "a playground's link, or the part after its #: its keys are the options, as in the page, and "
      + 'its text is the training text unless --text gives another; no option flags with it'],
  },
  sample: {
    model: ['MODEL', 'a model file written by lmp train or the page'],
    [FROM_URL]: ['LINK', "a playground's link: the options below, under their keys (topK for --top-k), as the page "
      + 'samples with them; no option flags with it'],
  },
  probs: { model: ['MODEL', 'a model file written by lmp train or the page'] },
  eval: {
    model: ['MODEL', 'a model file written by lmp train or the page'],
    text: ['FILE', 'the text to score'],
  },
  exposure: {
    model: ['MODEL', 'a model file written by lmp train or the page'],
    text: ['FILE', 'the lines to measure, each on its own'],
    'prompt-tokens': ['K', 'the first K tokens of each line are given to both runs; the rest are measured (default 0)'],
  },
  tokenize: {
    model: ['MODEL', 'a model file; its tokenizer cuts the text'],
    text: ['FILE', 'the text to cut'],
    sample: [null, 'draw segmentations with probability proportional to p^alpha (unigram)'],
    alpha: ['A', 'how varied the drawn segmentations are (default 0.1; with --sample)'],
    seed: ['S', 'the seed of the draws (with --sample)'],
  },
};

const SUMMARIES = {
  train: 'Trains a model and prints its report as JSON (progress on stderr).',
  eval: 'Scores a text with a model: tokens, chars, nll_per_token, ppl, bpc, unk, tokens_per_char, oov_rate.',
  sample: 'Samples text from a model, one sample a line.',
  probs: 'Prints the next-token distribution after a prompt as JSON, after temperature, top-k and top-p.',
  tokenize: 'Cuts a text with a model\'s tokenizer and prints the tokens of each line as JSON.',
  exposure: 'Scores each line\'s tokens after the true prefix and after the model\'s own samples, a JSON object a line.',
};

// ---------------------------------------------------------------- the flags

// The options a command takes, from the table.
function optionsOf(lmp, command) {
  if (command === 'train') return lmp.options().filter((o) => o.group === 'train');
  if (command === 'sample') return lmp.options().filter((o) => o.group === 'sample');
  if (command === 'probs') return lmp.options().filter((o) => DISTRIBUTION_KEYS.has(o.key));
  if (command === 'exposure') return lmp.options().filter((o) => EXPOSURE_KEYS.has(o.key));
  return [];
}

// flag name -> { key, negate } for parseArgs' results; and parseArgs' option list.
function flagsOf(lmp, command) {
  const byFlag = new Map();
  const parse = { help: { type: 'boolean' } };
  for (const [flag, [placeholder]] of Object.entries(FILE_FLAGS[command] ?? {})) {
    parse[flag] = { type: placeholder === null ? 'boolean' : 'string' };
  }
  for (const option of optionsOf(lmp, command)) {
    for (const name of [option.key, ...option.aliases.map((a) => a.name)]) {
      const flag = kebab(name);
      if (flag in parse) continue;  // the file flags win (`--model` of sample is a file)
      if (option.type === 'boolean') {
        parse[flag] = { type: 'boolean' };
        parse[`no-${flag}`] = { type: 'boolean' };
        byFlag.set(flag, { key: name, negate: false });
        byFlag.set(`no-${flag}`, { key: name, negate: true });
      } else {
        parse[flag] = { type: 'string' };
        byFlag.set(flag, { key: name, negate: false });
      }
    }
  }
  return { parse, byFlag };
}

// The options given on the command line, under the keys (or aliases) the core reads.
function givenOptions(values, byFlag) {
  const options = {};
  for (const [flag, value] of Object.entries(values)) {
    const option = byFlag.get(flag);
    if (!option) continue;
    options[option.key] = typeof value === 'boolean' ? value !== option.negate : value;
  }
  return options;
}

// ---------------------------------------------------------------- help

const WIDTH = 100;

function wrap(text, indent) {
  const lines = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && indent.length + line.length + 1 + word.length > WIDTH) {
      lines.push(indent + line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(indent + line);
  return lines.join('\n');
}

function placeholder(option) {
  if (option.type === 'boolean') return '';
  if (option.type === 'choice') return ` ${option.choices.join('|')}`;
  if (option.type === 'text') return ' TEXT';
  return option.type === 'integer' ? ' N' : ' X';
}

function describeOption(option, allModels) {
  const names = option.type === 'boolean'
    ? `--${kebab(option.key)}, --no-${kebab(option.key)}`
    : `--${kebab(option.key)}${placeholder(option)}`;
  const shown = (value) => (value === '' ? 'empty' : value === true ? 'on' : value === false ? 'off' : value);
  const facts = [['boolean', 'choice'].includes(option.type) ? '' : `${option.allowed[0].toUpperCase()}${option.allowed.slice(1)}.`];
  const defaults = Object.entries(option.modelDefaults).map(([model, value]) => `${shown(value)} for ${model}`);
  facts.push(`Default ${shown(option.default)}${defaults.length ? ` (${defaults.join(', ')})` : ''}.`);
  if (option.tokenizers.length < 4) facts.push(`With the ${option.tokenizers.join(', ')} tokenizer${option.tokenizers.length > 1 ? 's' : ''}.`);
  const aliases = option.aliases.map((a) => `--${kebab(a.name)}${a.models.length && a.models.length < allModels.length ? ` (${a.models.join(', ')})` : ''}`);
  if (aliases.length) facts.push(`Also ${aliases.join(', ')}.`);
  return `  ${names}\n${wrap(`${option.help} ${facts.filter(Boolean).join(' ')}`, '      ')}`;
}

function help(lmp, command) {
  const fileFlags = Object.entries(FILE_FLAGS[command] ?? {});
  const lines = [
    `usage: lmp ${command} ${fileFlags.filter(([flag]) => ['text', 'model'].includes(flag)).map(([flag, [p]]) => `--${flag} ${p}`).join(' ')} [flags]`,
    '',
    SUMMARIES[command],
    '',
    ...fileFlags.map(([flag, [p, text]]) => `  --${flag}${p ? ` ${p}` : ''}\n${wrap(text, '      ')}`),
  ];
  const options = optionsOf(lmp, command);
  const allModels = lmp.options().find((o) => o.key === 'model').choices;
  // Sections by the models an option applies to, in the table's order.
  const sections = new Map();
  for (const option of options) {
    const models = option.models.length === allModels.length ? 'every model'
      : option.models.length === allModels.length - 1 && !option.models.includes('ngram') ? 'neural models (mlp, rnn, lstm, gru, transformer)'
        : option.models.join(', ');
    if (!sections.has(models)) sections.set(models, []);
    sections.get(models).push(option);
  }
  for (const [models, list] of sections) {
    lines.push('', command === 'train' ? `For ${models}:` : 'Options:');
    for (const option of list) lines.push(describeOption(option, allModels));
  }
  if (command === 'train') {
    lines.push('', wrap('--context is the number of tokens a model reads to predict the next (the MLP\'s window, the '
      + 'Transformer\'s window and positions); --seq-len is the length of the windows the MLP and the recurrent '
      + 'networks train on. --time-budget without --steps trains for that long.', ''));
  }
  return lines.join('\n');
}

function mainHelp() {
  return `usage: lmp COMMAND [flags]      (lmp COMMAND --help for its flags)

commands:
${Object.entries(SUMMARIES).map(([name, text]) => `  ${name.padEnd(9)} ${text}`).join('\n')}

Text is modelled line by line: each non-empty line is one sequence ending in <eol>.
Results go to stdout, progress and errors to stderr. Exit codes:
  0 success              4 corrupt-model: a model file that is damaged or not ours
  1 internal error       5 resource-limit: more memory than the limit allows
  2 usage mistake        6 diverged: training stopped (loss not finite); its model is kept
  3 invalid-input        7 a file that cannot be read or written`;
}

// ---------------------------------------------------------------- commands

function required(values, name) {
  if (values[name] === undefined) throw usage(`--${name} is required`);
  return values[name];
}

function readInput(path, what) {
  let stats;
  try {
    stats = statSync(path);
  } catch {
    throw new CliError('io', `cannot read ${what} '${path}': no such file`);
  }
  if (!stats.isFile()) throw new CliError('io', `cannot read ${what} '${path}': not a regular file`);
  return readFileSync(path);
}

const progress = (message) => process.stderr.write(`lmp: ${message}\n`);
const megabytes = (bytes) => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
// JSON has no infinity; perplexity of a model that gave a val token probability 0 is reported as such.
const finite = (x) => (Number.isFinite(x) ? x : x > 0 ? 'Infinity' : x < 0 ? '-Infinity' : null);

function evalJson(r) {
  return { tokens: r.tokens, chars: r.chars, nll_per_token: finite(r.nllPerToken), ppl: finite(r.ppl),
    bpc: finite(r.bpc), unk: r.unk, zero_prob: r.zeroProb, tokens_per_char: r.tokensPerChar, oov_rate: r.oovRate };
}

// A flag that is a number but no option of the table (--alpha, --seed of tokenize, --prompt-tokens).
function numberFlag(values, name, integer) {
  if (values[name] === undefined) return undefined;
  const value = Number(values[name]);
  if (values[name].trim() === '' || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
    throw new CliError('invalid-input', `--${name} must be ${integer ? 'a whole number' : 'a number'} (got '${values[name]}')`);
  }
  return value;
}

function loadModel(lmp, values) {
  return lmp.loadModel(readInput(required(values, 'model'), 'model file'));
}

async function train(lmp, values, options) {
  const link = values[FROM_URL] === undefined ? null : await fromLink(values, options, 'train');
  if (link && values.val !== undefined) throw usage(`--val does not go with --${FROM_URL}: the link's valFraction holds out the lines`);
  if (values.val !== undefined && options.valFraction !== undefined) {
    throw usage('give either --val or --val-fraction, not both');
  }
  const started = performance.now();
  const { bytes: text, name: textPath } = link && values.text === undefined
    ? await linkCorpus(link.corpus)
    : { bytes: readInput(required(values, 'text'), 'training text'), name: values.text };
  if (link) options = link.train;
  const valText = values.val === undefined ? undefined : readInput(values.val, 'validation text');
  // --time-budget alone means "train for that long": no step limit then.
  const unlimited = options.timeBudget !== undefined && options.steps === undefined;
  if (unlimited) options.steps = lmp.options().find((o) => o.key === 'steps').max;
  progress(`training ${options.model ?? 'ngram'} on ${textPath} (${megabytes(text.length)})`);
  const training = lmp.startTraining(text, { ...options, valText });
  let lastReport = 0;
  while (!training.finished) {
    const p = training.run({ maxSeconds: 0.5 });
    if (p.stopped) progress(p.stopped);
    if (p.totalSteps > 1 && (performance.now() - lastReport > 5000 || p.finished)) {
      lastReport = performance.now();
      const val = p.valLoss >= 0 ? `, val loss ${p.valLoss.toFixed(4)}` : '';
      const of = unlimited ? '' : `/${p.totalSteps}`;
      progress(`step ${p.step}${of}: train loss ${p.trainLoss.toFixed(4)}${val}, ${Math.round(p.tokensPerS)} tokens/s`);
    }
  }
  const model = training.finish();
  try {
    const report = model.report;
    const stats = model.stats();
    const seconds = (performance.now() - started) / 1000;
    if (values.out !== undefined) {
      const bytes = model.save();
      try {
        writeFileSync(values.out, bytes);
      } catch (error) {
        throw new CliError('io', `cannot write the model to '${values.out}': ${error.code ?? error.message}`);
      }
      progress(`saved ${report.model} to ${values.out} (${megabytes(bytes.length)})`);
    } else {
      progress('no --out given: the model is not saved');
    }
    const val = report.hasVal ? report.val : null;
    const result = {
      model: report.model,
      params: report.params,
      train_tokens: report.trainTokens,
      val_tokens: report.valTokens,
      val_nll_per_token: val && finite(val.nllPerToken),
      val_ppl: val && finite(val.ppl),
      val_bpc: val && finite(val.bpc),
      val_unk: val && val.unk,
      val_zero_prob: val && val.zeroProb,
      val_tokens_per_char: val && val.tokensPerChar,
      val_oov_rate: val && val.oovRate,
      tokenizer: model.options.tokenizer,
      seconds,
      steps: report.steps,
      tokens_per_s: report.tokensPerS,
      train_loss: report.trainLoss,
      stopped: report.stopped || null,
      vocab_size: stats.vocabSize,
      memory_bytes: stats.memoryBytes,
      orders: stats.orders.map((o) => ({ order: o.order, ngrams: o.distinctNgrams, val_unseen_share: o.valUnseenShare,
        kn_discounts: o.discounts, kn_discounts_fell_back: o.discountsFellBack })),
    };
    console.log(JSON.stringify(result, null, 2));
    // The model and its report are kept; the exit code tells a script the run diverged.
    return report.stopped ? EXIT.diverged : 0;
  } finally {
    model.dispose();
  }
}

async function evaluate(lmp, values) {
  const model = loadModel(lmp, values);
  try {
    console.log(JSON.stringify(evalJson(model.evaluate(readInput(required(values, 'text'), 'text'))), null, 2));
  } finally {
    model.dispose();
  }
  return 0;
}

// The text's tokens as JSON: one array of { id, piece } per line, and the
// tokenizer's figures over the whole text.
async function tokenize(lmp, values) {
  if (!values.sample && (values.alpha !== undefined || values.seed !== undefined)) {
    throw usage('--alpha and --seed go with --sample');
  }
  const model = loadModel(lmp, values);
  try {
    const alpha = values.sample ? numberFlag(values, 'alpha', false) ?? 0.1 : 0;
    if (values.sample && !(alpha > 0)) throw new CliError('invalid-input', '--alpha must be above 0 when sampling');
    const result = model.tokenize(readInput(required(values, 'text'), 'text'), { alpha, seed: numberFlag(values, 'seed', true) });
    const lines = [[]];
    for (const token of result.tokens) {
      if (token.piece === '<eol>') lines.push([]);
      else lines[lines.length - 1].push({ id: token.id, piece: token.piece });
    }
    lines.pop();  // the last <eol> ends the last line
    console.log(JSON.stringify({
      tokenizer: model.options.tokenizer, vocab_size: model.vocabSize, chars: result.chars, tokens: result.pieces,
      tokens_per_char: result.tokensPerChar, oov_rate: result.oovRate, line_start_space: result.lineStartSpace, lines,
    }));
  } finally {
    model.dispose();
  }
  return 0;
}

async function sample(lmp, values, options) {
  if (values[FROM_URL] !== undefined) options = (await fromLink(values, options, 'sample')).sample;
  const model = loadModel(lmp, values);
  try {
    const { prompt = '', ...rest } = options;
    process.stdout.write(model.sample(prompt, rest).map((s) => s + '\n').join(''));
  } finally {
    model.dispose();
  }
  return 0;
}

async function probs(lmp, values, options) {
  const model = loadModel(lmp, values);
  try {
    const { prompt = '', ...rest } = options;
    const kept = model.nextTokens(prompt, rest).filter((t) => t.prob > 0).sort((a, b) => b.prob - a.prob || a.id - b.id);
    console.log(JSON.stringify(kept.map((t) => ({ token: t.token, prob: t.prob })), null, 2));
  } finally {
    model.dispose();
  }
  return 0;
}

// The link of --from-url, read as the page reads it; keys it ignores are named on stderr, as the page names them.
async function fromLink(values, flagOptions, command) {
  const given = Object.keys(flagOptions);
  if (given.length) {
    throw usage(`--${FROM_URL} gives the options; leave out ${given.map((key) => `--${kebab(key)}`).join(', ')} or put ${given.length > 1 ? 'them' : 'it'} in the link`);
  }
  let link;
  try {
    link = await readLinkArgument(values[FROM_URL]);
  } catch (error) {
    if (error.name !== 'OptionError') throw error;
    throw new CliError('invalid-input', error.message);
  }
  if (link.warning) progress(link.warning);
  if (command === 'train') progress(`from the link: ${Object.entries(link.train).map(([key, value]) => `${key}=${value}`).join(' ')}`);
  return link;
}


// One JSON object a line: the means first, then each measured token (true, own) with its two losses.
function exposureJson(r) {
  return {
    line: r.line, text: r.text, own_text: r.ownText, prompt: r.prompt, tokens: r.steps.length, chars: r.chars,
    forced_nll_per_token: finite(r.forcedNllPerToken), own_nll_per_token: finite(r.ownNllPerToken),
    forced_bpc: finite(r.forcedBpc), own_bpc: finite(r.ownBpc),
    steps: r.steps.map((s) => ({ true: s.truth, own: s.own, forced_nll: finite(s.forcedNll), own_nll: finite(s.ownNll),
      drawn: s.drawn })),
  };
}

async function exposure(lmp, values, options) {
  const promptTokens = numberFlag(values, 'prompt-tokens', true) ?? 0;
  const model = loadModel(lmp, values);
  try {
    const reports = model.exposure(readInput(required(values, 'text'), 'text'), { ...options, promptTokens });
    process.stdout.write(reports.map((r) => `${JSON.stringify(exposureJson(r))}\n`).join(''));
  } finally {
    model.dispose();
  }
  return 0;
}

const COMMANDS = { train, eval: evaluate, sample, probs, tokenize, exposure };

// An error from the core names an option by its key ("order must be ...");
// on the command line it is a flag.
function inFlags(lmp, message) {
  const keys = lmp?.options().map((o) => o.key).join('|');
  return keys ? message.replace(new RegExp(`(^|[\\s:(])(${keys}) (must be|is for)`, 'g'),
    (_, before, key, verb) => `${before}--${kebab(key)} ${verb}`) : message;
}

let lmp = null;

async function main(argv) {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(mainHelp());
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) throw usage(`unknown command '${name}'`);
  lmp = await loadLmp();
  const { parse, byFlag } = flagsOf(lmp, name);
  let values;
  try {
    ({ values } = parseArgs({ args: rest, options: parse, strict: true }));
  } catch (error) {
    throw usage(error.message.split('\n')[0]);
  }
  if (values.help) {
    console.log(help(lmp, name));
    return 0;
  }
  return command(lmp, values, givenOptions(values, byFlag));
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  const kind = error.kind in EXIT ? error.kind : 'internal';
  process.stderr.write(`lmp: error: ${inFlags(lmp, error.message)}\n`);
  if (kind === 'usage') process.stderr.write("run 'lmp --help' for usage\n");
  process.exitCode = EXIT[kind];
}
