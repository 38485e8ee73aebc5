// The page: reads the controls, asks the model worker, shows the answers.
// All model work happens in worker.js; nothing here can freeze the tab.
// Text that comes from a corpus or a model is only ever set as textContent.
import { modelContext, formatMs, sentence, tokenLabel } from './ui/format.js';
import { Comparison } from './ui/comparison.js';
import { TokenizerPanel } from './ui/tokenizer-panel.js';
import { DEFAULT_VOCAB, TOKENIZER_HINTS, describeTokenizer, unitName } from './ui/tokenizers.js';
import { renderDistribution } from './ui/distribution.js';
import { describeModel, isNeural, renderReadout } from './ui/readout.js';
import { renderAttention } from './ui/attention.js';
import { describeRow, drawGenerationCost, renderGenerationCostTable } from './ui/generation-cost.js';
import { drawLossChart } from './ui/loss-chart.js';
import { ModelWorker, WorkerCrash, WorkerStopped } from './ui/worker-client.js';

const PRESETS = {
  names: {
    label: 'Names (8,422 first names)',
    url: new URL('./build/corpora/names.txt', import.meta.url).href,
    // The list is sorted: a tail split would hold out only names from the end of the alphabet.
    valSplit: 'interleaved',
    hint: 'Lowercase English first names, one a line. The model learns to invent new names.',
  },
  moby: {
    label: 'Moby Dick',
    url: new URL('./build/corpora/moby.txt', import.meta.url).href,
    valSplit: 'tail',
    hint: 'Herman Melville’s novel, 1.2 MB of English prose. High orders take a few seconds and use more memory.',
  },
};

// Sizes that learn visibly on the names list within a minute in the browser.
const FAMILY_DEFAULTS = {
  mlp: { steps: 1500, lr: 0.005, hidden: 128, embed: 32, context: 3 },
  rnn: { steps: 600, lr: 0.005, hidden: 128, embed: 32, layers: 1 },
  lstm: { steps: 600, lr: 0.005, hidden: 128, embed: 32, layers: 1 },
  gru: { steps: 600, lr: 0.005, hidden: 128, embed: 32, layers: 1 },
  // d_model 64, 2 blocks of 4 heads over 16 characters: about 15 s for 2,000 steps, below the trigram.
  transformer: { steps: 2000, lr: 0.005, embed: 64, layers: 2, context: 16 },
};

const FAMILY_HINTS = {
  ngram: 'Counts which character follows each context; trains in an instant.',
  mlp: 'A small neural network that reads a fixed window of characters; trained step by step with gradient descent.',
  rnn: 'A recurrent network that carries a memory along the whole line; the simplest kind, prone to forgetting.',
  lstm: 'A recurrent network with gates that decide what to remember; learns longer patterns than a plain RNN.',
  gru: 'A recurrent network with gates, a lighter cousin of the LSTM.',
  transformer: 'A GPT-style network: each character looks back at all earlier ones through attention heads, no memory carried along.',
};

const $ = (id) => document.getElementById(id);
const ui = {
  status: $('status'),
  corpus: $('corpus'), corpusHint: $('corpus-hint'),
  pasteField: $('paste-field'), pasteText: $('paste-text'),
  uploadField: $('upload-field'), file: $('file'), fileInfo: $('file-info'),
  family: $('family'), familyHint: $('family-hint'),
  tokenizer: $('tokenizer'), tokenizerHint: $('tokenizer-hint'),
  vocabSize: $('vocab-size'), vocabSizeField: $('vocab-size-field'),
  lowercase: $('lowercase'), lowercaseField: $('lowercase-field'),
  subwordAlpha: $('subword-alpha'), subwordAlphaField: $('subword-alpha-field'), subwordAlphaHint: $('subword-alpha-hint'),
  ngramControls: $('ngram-controls'), neuralControls: $('neural-controls'),
  context: $('context'), contextField: $('context-field'), hidden: $('hidden'), hiddenField: $('hidden-field'),
  embed: $('embed'), embedNote: $('embed-note'), heads: $('heads'), headsField: $('heads-field'),
  transformerControls: $('transformer-controls'), positions: $('positions'), causal: $('causal'),
  layers: $('layers'), layersField: $('layers-field'), steps: $('steps'), lr: $('lr'),
  pause: $('pause'),
  progressPanel: $('progress-panel'), progress: $('progress'), progressText: $('progress-text'),
  lossChart: $('loss-chart'), preview: $('preview'),
  order: $('order'), orderHint: $('order-hint'),
  smoothing: $('smoothing'), kField: $('k-field'), k: $('k'),
  valFraction: $('val-fraction'), splitHint: $('split-hint'),
  train: $('train'), cancel: $('cancel'), trainHint: $('train-hint'), error: $('error'),
  readoutPanel: $('readout-panel'),
  prompt: $('prompt'),
  temperature: $('temperature'), temperatureValue: $('temperature-value'),
  topK: $('top-k'), topKValue: $('top-k-value'),
  topP: $('top-p'), topPValue: $('top-p-value'),
  greedy: $('greedy'),
  maxTokens: $('max-tokens'), count: $('count'), seed: $('seed'), newSeed: $('new-seed'),
  generate: $('generate'), samplesInfo: $('samples-info'), generateError: $('generate-error'),
  samples: $('samples'),
  distributionTitle: $('distribution-title'), contextInfo: $('context-info'),
  distribution: $('distribution'), distributionRest: $('distribution-rest'),
  attentionPanel: $('attention-panel'), attentionText: $('attention-text'), attentionMaps: $('attention-maps'),
  attentionReadout: $('attention-readout'), attentionError: $('attention-error'),
  gencostPanel: $('gencost-panel'), gencostMax: $('gencost-max'), gencostMeasure: $('gencost-measure'),
  gencostStatus: $('gencost-status'), gencostError: $('gencost-error'),
  gencostPlaceholder: $('gencost-placeholder'), gencostFigure: $('gencost-figure'),
  gencostChart: $('gencost-chart'), gencostReadout: $('gencost-readout'), gencostTableBody: $('gencost-table').tBodies[0],
};

const state = {
  model: null,          // { spec, order, label } of the model the worker holds (order Infinity: whole line)
  lastGoodSpec: null,   // what to retrain after the worker is replaced
  training: null,       // { spec, startedAt, timer, neural, paused, points } while a training runs
  family: 'ngram',      // the family whose defaults the neural inputs hold
  tokenizer: 'char',    // the kind whose default vocabulary size the input holds
  distributionSeq: 0,
  generateSeq: 0,
  distributionTimer: 0,
  attentionSeq: 0,
  attentionTimer: 0,
  crashes: [],
};

const worker = new ModelWorker({
  onReady: () => {
    if (!state.training && !state.model) setStatus('Ready.', 'ready');
  },
  onCrash: (reason, { permanent }) => handleCrash(reason, permanent),
});

const comparison = new Comparison({
  body: $('compare-table').tBodies[0], corpusLabel: $('compare-corpus'), info: $('compare-info'), clear: $('compare-clear'),
});

const tokenizerPanel = new TokenizerPanel({
  worker,
  currentSource: async () => ({
    ...await currentSource(),
    valFraction: readNumber(ui.valFraction, 'the validation fraction', { min: 0, max: 0.9 }),
  }),
  isTraining: () => Boolean(state.training),
});

// ---------------------------------------------------------------- training

function readNumber(input, name, { min, max, integer = false }) {
  const raw = input.value.trim();
  const value = Number(raw);
  if (raw === '' || !Number.isFinite(value)) throw new UserError(`${name} is not a number; enter a value between ${min} and ${max}`, input);
  if (value < min || value > max || (integer && !Number.isInteger(value))) {
    throw new UserError(`${name} must be ${integer ? 'a whole number ' : ''}between ${min} and ${max} (got ${raw})`, input);
  }
  return value;
}

class UserError extends Error {
  constructor(message, input) {
    super(message);
    this.input = input;
  }
}

// What the controls ask for, in the form the worker takes (and a crash restore can replay).
function modelOptions() {
  const family = ui.family.value;
  const valFraction = readNumber(ui.valFraction, 'the validation fraction', { min: 0, max: 0.9 });
  const tokenizer = tokenizerOptions(family !== 'ngram');
  if (family === 'ngram') {
    const options = { model: 'ngram', ...tokenizer, order: Number(ui.order.value), smoothing: ui.smoothing.value, valFraction };
    if (options.smoothing === 'addk') options.k = readNumber(ui.k, 'k', { min: 0.001, max: 1000 });
    return options;
  }
  const whole = (input, name, min, max) => readNumber(input, name, { min, max, integer: true });
  const options = {
    model: family,
    ...tokenizer,
    hidden: whole(ui.hidden, 'the hidden size', 4, 512),
    embed: whole(ui.embed, 'the embedding size', 2, 256),
    steps: whole(ui.steps, 'the number of training steps', 1, 100000),
    lr: readNumber(ui.lr, 'the learning rate', { min: 0.00001, max: 1 }),
    valFraction,
    // Evaluating often draws a val curve worth looking at; a short run still gets a few points.
    evalEvery: 0,
    warmup: 0,
  };
  options.evalEvery = Math.max(10, Math.min(100, Math.round(options.steps / 12)));
  options.warmup = Math.min(100, Math.floor(options.steps / 10));
  if (family === 'mlp') options.context = whole(ui.context, 'the context', 1, 16);
  else options.layers = whole(ui.layers, 'the number of layers', 1, 4);
  if (family === 'transformer') {
    delete options.hidden;  // the MLP inside a block is 4 x d_model
    options.seqLen = whole(ui.context, 'the context', 2, 64);
    options.heads = whole(ui.heads, 'the number of heads', 1, 16);
    if (options.embed % options.heads !== 0) {
      throw new UserError(`the embedding size (${options.embed}) must be a multiple of the number of heads (${options.heads})`, ui.embed);
    }
    options.positions = ui.positions.value;
    options.causal = ui.causal.checked;
  }
  return options;
}

// Tokenizer options for train; subword sampling only where it does something
// (a unigram tokenizer under a neural model: an n-gram counts each line once).
function tokenizerOptions(neural) {
  const tokenizer = ui.tokenizer.value;
  const options = { tokenizer, vocabSize: 0, lowercase: false, subwordAlpha: 0 };
  if (tokenizer !== 'char') options.vocabSize = readNumber(ui.vocabSize, 'the vocabulary size', { min: 0, max: 1000000, integer: true });
  if (tokenizer === 'word') options.lowercase = ui.lowercase.checked;
  if (tokenizer === 'unigram' && neural) options.subwordAlpha = readNumber(ui.subwordAlpha, 'the subword sampling α', { min: 0, max: 1 });
  return options;
}

// The text chosen in step 1: { key, label, source, valSplit }, for a model or the tokenizer panel.
async function currentSource() {
  const choice = ui.corpus.value;
  if (choice in PRESETS) {
    const preset = PRESETS[choice];
    return { key: choice, label: preset.label, source: { kind: 'url', url: preset.url }, valSplit: preset.valSplit };
  }
  if (choice === 'paste') {
    return { key: `paste:${ui.pasteText.value}`, label: 'your pasted text', source: { kind: 'text', text: ui.pasteText.value }, valSplit: 'tail' };
  }
  const file = ui.file.files[0];
  if (!file) throw new UserError('choose a text file first', ui.file);
  // Bytes, not text: the core checks the UTF-8 and says where it breaks.
  const bytes = await file.arrayBuffer();
  return { key: `file:${file.name}:${file.size}:${file.lastModified}`, label: `“${file.name}”`, source: { kind: 'bytes', bytes }, valSplit: 'tail' };
}

async function currentSpec() {
  const options = modelOptions();
  const { valSplit, ...spec } = await currentSource();
  return { ...spec, options: { ...options, valSplit } };
}

async function trainFromControls() {
  clearError(ui.error);
  let spec;
  try {
    spec = await currentSpec();
  } catch (error) {
    showError(ui.error, error.message, error.input);
    return;
  }
  await train(spec);
}

// restored: a message for the error box once the previous model is back after a stop or crash.
async function train(spec, { restoring = false, restored = '' } = {}) {
  const neural = isNeural(spec.options);
  ui.trainHint.textContent = '';
  const token = { spec, startedAt: performance.now(), timer: 0, neural, paused: false, points: [] };
  state.training = token;
  setBusy(true);
  const what = `${describeModel(spec.options)} on ${spec.label}`;
  setStatus(`${restoring ? 'Restoring' : 'Training'} ${what}…`, 'busy');
  if (neural) startProgress(token);
  token.timer = setInterval(() => {
    if (token.paused) return;
    const seconds = (performance.now() - token.startedAt) / 1000;
    setStatus(`${restoring ? 'Restoring' : 'Training'} ${what}… ${seconds.toFixed(1)} s`, 'busy');
    ui.cancel.hidden = false;
  }, 250);

  try {
    const onProgress = (progress) => {
      if (state.training === token) showProgress(token, progress);
    };
    const reply = await worker.request('train', { source: spec.source, options: spec.options }, { onProgress });
    if (state.training !== token) return;
    state.model = { spec, order: contextOrder(spec.options), label: spec.label };
    state.lastGoodSpec = spec;
    renderReadout({ ...reply, label: spec.label, options: spec.options });
    if (!restoring) compareModel(spec, reply);
    tokenizerPanel.setModel({ options: spec.options, vocabSize: reply.stats.vocabSize });
    const took = formatMs(reply.ms);
    const early = reply.stoppedEarly ? ` (stopped early at step ${reply.report.steps})` : '';
    setStatus(`Ready: ${what}, trained in ${took}${early}.`, 'ready');
    if (reply.stopped) {
      showError(ui.error, `Training stopped by itself: ${sentence(reply.stopped)} The model as it was at step ${reply.report.steps} is kept and can be used; a lower learning rate usually helps.`);
    } else if (restoring) showError(ui.error, restored, null, 'notice');
    else clearError(ui.error);
    if (neural) ui.progressPanel.dataset.state = reply.stopped ? 'diverged' : 'done';
    ui.generate.disabled = false;
    refreshDistributionNow();
    ui.attentionPanel.hidden = spec.options.model !== 'transformer';
    refreshAttentionNow();
  } catch (error) {
    if (state.training !== token) return;
    if (error instanceof WorkerCrash || error instanceof WorkerStopped) return;  // handled where the worker is replaced
    const kept = state.model ? ' The previous model is kept.' : '';
    showError(ui.error, `Could not train: ${sentence(error.message)}${kept}`);
    setStatus(state.model ? 'Ready (previous model).' : 'No model yet.', state.model ? 'ready' : 'error');
  } finally {
    clearInterval(token.timer);
    if (state.training === token) {
      state.training = null;
      setBusy(false);
      updateTrainHint();
    }
  }
}

// Models are comparable when they saw the same training text and were measured on the same held-out part.
function compareModel(spec, { report, stats }) {
  const { valFraction, valSplit, ...options } = spec.options;
  const val = report.hasVal ? report.val : null;
  comparison.add({
    group: `${valSplit}:${valFraction}:${spec.key}`,
    groupLabel: `${spec.label}, ${valFraction * 100}% held out`,
    id: JSON.stringify(options),
    tokenizer: describeTokenizer(options),
    vocab: stats.vocabSize,
    model: describeModel(options),
    bpc: val?.bpc ?? NaN,
    ppl: val?.ppl ?? NaN,
    tokensPerChar: val?.tokensPerChar ?? NaN,
    oovRate: val?.oovRate ?? NaN,
  });
}

function setBusy(busy) {
  document.body.classList.toggle('busy', busy);
  ui.train.disabled = busy;
  ui.train.textContent = busy ? 'Training…' : 'Train';
  ui.generate.disabled = busy || !state.model;
  ui.readoutPanel.setAttribute('aria-busy', String(busy));
  if (!busy) {
    ui.cancel.hidden = true;
    ui.pause.hidden = true;
  }
}

// How many characters the model sees: n - 1 for an n-gram, a window for the
// MLP, the whole line so far for a recurrent network.
function contextOrder(options) {
  if (!isNeural(options)) return options.order;
  if (options.model === 'mlp') return options.context + 1;
  return options.model === 'transformer' ? options.seqLen + 1 : Infinity;
}

// ------------------------------------------------------ neural progress

function startProgress(token) {
  ui.progressPanel.hidden = false;
  ui.progressPanel.dataset.state = 'training';
  ui.progress.value = 0;
  ui.progressText.textContent = 'Preparing the data…';
  ui.preview.replaceChildren();
  drawLossChart(ui.lossChart, [], token.spec.options.steps);
  ui.pause.hidden = false;
  ui.pause.textContent = 'Pause';
  ui.cancel.hidden = false;
}

function showProgress(token, progress) {
  const { step, totalSteps, trainLoss, valLoss, tokensPerS, elapsedS } = progress;
  token.points.push({ step, trainLoss, valLoss });
  ui.progress.max = totalSteps;
  ui.progress.value = step;
  const rate = step > 0 ? elapsedS / step : 0;
  const eta = step < totalSteps && rate > 0 ? ` · about ${formatMs((totalSteps - step) * rate * 1000)} left` : '';
  const losses = `train loss ${formatLoss(trainLoss)} · val loss ${valLoss >= 0 ? formatLoss(valLoss) : '—'}`;
  const speed = `${Math.round(tokensPerS).toLocaleString('en-US')} tokens/s`;
  ui.progressText.textContent = `Step ${step} / ${totalSteps}${eta} · ${speed} · ${losses}`;
  ui.progressPanel.dataset.step = String(step);
  drawLossChart(ui.lossChart, token.points, totalSteps);
  if (progress.preview) {
    const items = progress.preview.map((text) => {
      const item = document.createElement('li');
      item.textContent = text;
      return item;
    });
    const label = document.createElement('li');
    label.className = 'preview-step';
    label.textContent = `at step ${step}:`;
    ui.preview.replaceChildren(label, ...items);
  }
  if (progress.stopped) ui.progressText.textContent += ` · stopped: ${progress.stopped}`;
}

function formatLoss(loss) {
  return Number.isFinite(loss) ? loss.toFixed(3) : String(loss);
}

function togglePause() {
  const token = state.training;
  if (!token?.neural) return;
  token.paused = !token.paused;
  worker.send('control', { action: token.paused ? 'pause' : 'resume' });
  ui.pause.textContent = token.paused ? 'Resume' : 'Pause';
  ui.progressPanel.dataset.state = token.paused ? 'paused' : 'training';
  if (token.paused) setStatus('Paused. Resume to go on training, or Stop to keep the model learned so far.', 'busy');
}

function stopTraining() {
  if (!state.training) return;
  if (state.training.neural) {
    // The worker ends the loop and hands back the model as it is now.
    state.training.paused = false;
    worker.send('control', { action: 'stop' });
    ui.pause.hidden = true;
    ui.cancel.hidden = true;
    setStatus('Stopping: keeping the model learned so far…', 'busy');
    return;
  }
  const stopped = state.training;
  clearInterval(stopped.timer);
  state.training = null;
  setBusy(false);
  worker.restart();
  tokenizerPanel.reset();
  const restore = state.lastGoodSpec;
  state.model = null;
  showError(ui.error, restore ? 'Training stopped. The previous model is being restored…' : 'Training stopped.');
  if (restore) train(restore, { restoring: true, restored: 'Training stopped; the previous model is ready again.' });
  else setStatus('No model yet.', 'error');
}

function handleCrash(reason, permanent) {
  const now = performance.now();
  state.crashes = state.crashes.filter((t) => now - t < 60_000).concat(now);
  if (state.training) {
    clearInterval(state.training.timer);
    state.training = null;
  }
  state.model = null;
  tokenizerPanel.reset();
  setBusy(false);
  ui.generate.disabled = true;

  if (permanent) {
    showError(ui.error, `${sentence(capitalize(reason))} Reload the page to try again.`);
    setStatus('The model engine is not available.', 'error');
    return;
  }
  const restore = state.lastGoodSpec;
  if (restore && state.crashes.length <= 2) {
    showError(ui.error, `The model worker crashed (${reason}). It has been restarted and the last working model is being retrained…`);
    train(restore, { restoring: true, restored: `The model worker crashed (${reason}). It was restarted and the last working model is ready again.` });
  } else {
    showError(ui.error, `The model worker crashed (${reason}). It has been restarted; press Train to build a model again.`);
    setStatus('No model: press Train.', 'error');
  }
}

function updateTrainHint() {
  if (state.training || !state.model) {
    ui.trainHint.textContent = '';
    return;
  }
  // Reading a file is async; compare only what is cheap to know now.
  const choice = ui.corpus.value;
  const model = state.model.spec;
  let changed = false;
  if (choice in PRESETS) changed = model.key !== choice;
  else if (choice === 'paste') changed = model.key !== `paste:${ui.pasteText.value}`;
  else {
    const file = ui.file.files[0];
    changed = !file || model.key !== `file:${file.name}:${file.size}:${file.lastModified}`;
  }
  try {
    const wanted = modelOptions();
    changed ||= Object.keys(wanted).some((key) => wanted[key] !== model.options[key]);
  } catch {
    changed = true;
  }
  ui.trainHint.textContent = changed ? 'Settings changed: press Train to apply them.' : '';
}

function updateCorpusControls() {
  const choice = ui.corpus.value;
  ui.pasteField.hidden = choice !== 'paste';
  ui.uploadField.hidden = choice !== 'upload';
  ui.corpusHint.textContent = PRESETS[choice]?.hint
    ?? (choice === 'paste' ? 'Anything in any script works, e.g. 中文, emoji or code.' : 'A plain-text file saved as UTF-8.');
  updateSplitHint();
  updateTrainHint();
}

function updateSplitHint() {
  const fraction = Number(ui.valFraction.value);
  const interleaved = PRESETS[ui.corpus.value]?.valSplit === 'interleaved';
  if (!(fraction > 0)) ui.splitHint.textContent = 'nothing held out: no perplexity';
  else if (interleaved) ui.splitHint.textContent = `lines spread over the whole list (the list is sorted)`;
  else ui.splitHint.textContent = `the last ${Math.round(fraction * 100)}% of the text`;
}

function updateModelControls() {
  const family = ui.family.value;
  if (family !== state.family && family in FAMILY_DEFAULTS) {
    const defaults = FAMILY_DEFAULTS[family];
    ui.steps.value = String(defaults.steps);
    ui.lr.value = String(defaults.lr);
    for (const key of ['hidden', 'embed', 'layers', 'context']) {
      if (key in defaults) ui[key].value = String(defaults[key]);
    }
  }
  state.family = family;
  updateTokenizerControls(family !== 'ngram');
  ui.familyHint.textContent = FAMILY_HINTS[family];
  ui.ngramControls.hidden = family !== 'ngram';
  ui.neuralControls.hidden = family === 'ngram';
  const transformer = family === 'transformer';
  ui.contextField.hidden = family !== 'mlp' && !transformer;
  ui.layersField.hidden = family === 'mlp';
  ui.hiddenField.hidden = transformer;
  ui.embedNote.hidden = !transformer;
  ui.headsField.hidden = !transformer;
  ui.transformerControls.hidden = !transformer;
  ui.kField.hidden = ui.smoothing.value !== 'addk';
  const order = Number(ui.order.value);
  const unit = unitName(ui.tokenizer.value);
  ui.orderHint.textContent = order === 1
    ? `An order-1 model ignores the context: it only knows how common each ${unit} is.`
    : `An order-${order} model predicts each ${unit} from the ${order - 1} before it.`;
  updateTrainHint();
}

function updateTokenizerControls(neural) {
  const tokenizer = ui.tokenizer.value;
  if (tokenizer !== state.tokenizer && tokenizer in DEFAULT_VOCAB) ui.vocabSize.value = String(DEFAULT_VOCAB[tokenizer]);
  state.tokenizer = tokenizer;
  ui.tokenizerHint.textContent = TOKENIZER_HINTS[tokenizer];
  ui.vocabSizeField.hidden = tokenizer === 'char';
  ui.lowercaseField.hidden = tokenizer !== 'word';
  ui.subwordAlphaField.hidden = tokenizer !== 'unigram';
  ui.subwordAlpha.disabled = !neural;
  ui.subwordAlphaHint.textContent = neural
    ? 'Above 0, each line is cut anew (one segmentation drawn per reading), so the model sees many ways to spell a word (subword regularization).'
    : 'Only for a neural model, which reads each line many times; an n-gram counts each line once, with its most probable segmentation.';
}

// ---------------------------------------------------------------- sampling

function samplingOptions() {
  return {
    temperature: Number(ui.temperature.value),
    topK: Number(ui.topK.value),
    topP: Number(ui.topP.value),
    greedy: ui.greedy.checked,
  };
}

function updateSamplingLabels() {
  const { temperature, topK, topP, greedy } = samplingOptions();
  ui.temperatureValue.value = temperature === 0 ? '0 · greedy' : temperature.toFixed(2);
  ui.topKValue.value = topK === 0 ? 'off' : String(topK);
  ui.topPValue.value = topP >= 1 ? 'off' : topP.toFixed(2);
  for (const input of [ui.temperature, ui.topK, ui.topP]) input.closest('.field').classList.toggle('overridden', greedy);
}

async function generate() {
  clearError(ui.generateError);
  if (!state.model) return;
  let request;
  try {
    request = {
      prompt: ui.prompt.value,
      options: {
        ...samplingOptions(),
        maxTokens: readNumber(ui.maxTokens, 'the length', { min: 1, max: 5000, integer: true }),
        count: readNumber(ui.count, 'the number of samples', { min: 1, max: 200, integer: true }),
        seed: readNumber(ui.seed, 'the seed', { min: 0, max: 4294967295, integer: true }),
      },
    };
  } catch (error) {
    showError(ui.generateError, error.message, error.input);
    return;
  }
  const seq = ++state.generateSeq;
  ui.samples.setAttribute('aria-busy', 'true');
  try {
    const reply = await worker.request('sample', request);
    if (seq !== state.generateSeq || reply.stale) return;
    renderSamples(reply.samples, request);
    const o = request.options;
    const greedy = o.greedy || o.temperature === 0;
    const how = greedy
      ? `greedy${o.count > 1 ? ' (so every sample is the same)' : ''}`
      : `T ${o.temperature}, top-k ${o.topK || 'off'}, top-p ${o.topP >= 1 ? 'off' : o.topP}`;
    ui.samplesInfo.textContent = `${reply.samples.length} from the ${describeModel(state.model.spec.options)} · ${how} · seed ${o.seed} · ${formatMs(reply.ms)}`;
  } catch (error) {
    if (seq !== state.generateSeq || error instanceof WorkerCrash || error instanceof WorkerStopped) return;
    showError(ui.generateError, `Could not generate: ${sentence(error.message)}`);
  } finally {
    if (seq === state.generateSeq) ui.samples.removeAttribute('aria-busy');
  }
}

function renderSamples(samples, request) {
  const items = samples.map(({ text, inCorpus }) => {
    const item = document.createElement('li');
    const body = document.createElement('span');
    body.className = 'sample-text';
    const prompt = text.startsWith(request.prompt) ? request.prompt : '';
    if (prompt) {
      const head = document.createElement('span');
      head.className = 'sample-prompt';
      head.textContent = prompt;
      body.append(head);
    }
    body.append(document.createTextNode(text.slice(prompt.length)));
    item.append(body);
    if (text.length === prompt.length) {
      const empty = document.createElement('span');
      empty.className = 'tag';
      empty.textContent = 'ended the line at once';
      item.append(empty);
    } else if (inCorpus !== null) {
      const tag = document.createElement('span');
      tag.className = inCorpus ? 'tag copied' : 'tag new';
      tag.textContent = inCorpus ? 'in the corpus' : 'new';
      tag.title = inCorpus ? 'this exact line occurs in the training text' : 'this line does not occur in the training text';
      item.append(tag);
    }
    return item;
  });
  ui.samples.replaceChildren(...items);
  // Numbered so that a batch identical to the previous one is still seen as new.
  ui.samples.dataset.batch = String(Number(ui.samples.dataset.batch ?? 0) + 1);
}

// ------------------------------------------------------- next-token panel

function refreshAttention() {
  clearTimeout(state.attentionTimer);
  state.attentionTimer = setTimeout(refreshAttentionNow, 60);
}

async function refreshAttentionNow() {
  clearTimeout(state.attentionTimer);
  if (!state.model || ui.attentionPanel.hidden) return;
  const seq = ++state.attentionSeq;
  try {
    const maps = await worker.request('attention', { prompt: ui.attentionText.value });
    if (seq !== state.attentionSeq || maps.stale) return;
    clearError(ui.attentionError);
    renderAttention(ui.attentionMaps, ui.attentionReadout, maps);
  } catch (error) {
    if (seq !== state.attentionSeq || error instanceof WorkerCrash || error instanceof WorkerStopped) return;
    ui.attentionMaps.replaceChildren();
    showError(ui.attentionError, `Could not compute the attention: ${sentence(error.message)}`);
  }
}

function refreshDistribution() {
  clearTimeout(state.distributionTimer);
  state.distributionTimer = setTimeout(refreshDistributionNow, 40);
}

async function refreshDistributionNow() {
  clearTimeout(state.distributionTimer);
  if (!state.model) return;
  const seq = ++state.distributionSeq;
  const prompt = ui.prompt.value;
  const order = state.model.order;
  try {
    const reply = await worker.request('next', { prompt, options: samplingOptions() });
    if (seq !== state.distributionSeq || reply.stale) return;
    showContext(prompt, order);
    renderDistribution(ui.distribution, ui.distributionRest, reply.tokens);
  } catch (error) {
    if (seq !== state.distributionSeq || error instanceof WorkerCrash || error instanceof WorkerStopped) return;
    ui.distribution.replaceChildren();
    ui.distributionRest.textContent = `Could not compute the distribution: ${sentence(error.message)}`;
  }
}

function showContext(prompt, order) {
  const options = state.model.spec.options;
  const context = modelContext(prompt, order);
  const title = document.createDocumentFragment();
  title.append('Next character after ');
  const shown = document.createElement('span');
  shown.className = 'context-chars';
  if (order === 1) {
    shown.textContent = 'anything';
  } else {
    if (context.fromLineStart) {
      const start = document.createElement('span');
      start.className = 'line-start';
      start.textContent = 'line start';
      shown.append(start);
    }
    for (const ch of context.chars) {
      const span = document.createElement('span');
      span.className = ch === ' ' ? 'ch special' : 'ch';
      span.textContent = tokenLabel(ch);
      shown.append(span);
    }
  }
  title.append(shown);
  ui.distributionTitle.replaceChildren(title);
  if (isNeural(options)) {
    ui.contextInfo.textContent = options.model === 'mlp'
      ? `The MLP only sees the last ${options.context} character${options.context === 1 ? '' : 's'} of the prompt${context.fromLineStart ? ' and that the line starts there' : ''}.`
      : options.model === 'transformer'
        ? `The Transformer attends to the last ${options.seqLen} characters (its window), the line start included while it fits.`
        : 'A recurrent network reads the whole line from its start, carrying what it has seen in its hidden state.';
    return;
  }
  ui.contextInfo.textContent = order === 1
    ? 'A unigram model ignores the prompt: this is how common each character is.'
    : `An order-${order} model only sees the last ${order - 1} character${order === 2 ? '' : 's'} of the prompt${context.fromLineStart ? ' and that the line starts there' : ''}.`;
}

// ------------------------------------------------------- generation cost

// Tokens timed after each context length, the most the core allows: without
// cross-origin isolation the browser's clock ticks every 0.1 ms, so 64 tokens
// of the LSTM's ~16 µs read to within about 10% (32 would be 20%).
const GENCOST_TOKENS = 64;

// While a model trains, the measurement is refused, not queued: the worker
// does one job at a time, so it would wait behind the whole training (minutes
// for a neural one) with nothing to show, and figures taken on a CPU that is
// busy training would not be clean. The other order is fine: a Train pressed
// during a measurement waits in the worker's queue for the few seconds left.
async function measureGenerationCost() {
  // Not clearError(): that also clears the training inputs' invalid marks.
  ui.gencostError.hidden = true;
  if (state.training) {
    showError(ui.gencostError, 'A model is training: measure once it has finished. The model worker does one job at a time, and a training running alongside would slow the measurement and spoil its figures.');
    return;
  }
  const options = { maxContext: Number(ui.gencostMax.value), tokens: GENCOST_TOKENS };
  const startedAt = performance.now();
  ui.gencostMeasure.disabled = true;
  ui.gencostPanel.setAttribute('aria-busy', 'true');
  ui.gencostStatus.textContent = 'Measuring in this tab (in the model worker)…';
  const show = ({ contexts, rows }) => {
    ui.gencostPlaceholder.hidden = true;
    ui.gencostFigure.hidden = false;
    drawGenerationCost(ui.gencostChart, ui.gencostReadout, contexts, rows);
    renderGenerationCostTable(ui.gencostTableBody, contexts, rows);
    if (rows.length) ui.gencostReadout.textContent = describeRow(rows[rows.length - 1]);
  };
  try {
    const reply = await worker.request('generationCost', { options }, {
      onProgress: (progress) => {
        show(progress);
        ui.gencostStatus.textContent = `Measuring in this tab (in the model worker)… ${progress.rows.length} of ${progress.contexts.length} context lengths`;
      },
    });
    show({ contexts: reply.rows.map((row) => row.n), rows: reply.rows });
    ui.gencostPanel.dataset.measured = String(Number(ui.gencostPanel.dataset.measured ?? 0) + 1);
    ui.gencostStatus.textContent = `Measured in ${formatMs(performance.now() - startedAt)}: at each n, the median of 3 runs of ${GENCOST_TOKENS} tokens. Hover over a point for its values.`;
  } catch (error) {
    const restarted = error instanceof WorkerCrash || error instanceof WorkerStopped;
    showError(ui.gencostError, `Could not measure: ${restarted ? 'the model worker was restarted; press Measure again.' : sentence(error.message)}`);
    ui.gencostStatus.textContent = '';
  } finally {
    ui.gencostMeasure.disabled = false;
    ui.gencostPanel.removeAttribute('aria-busy');
  }
}

// ---------------------------------------------------------------- plumbing

function capitalize(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function setStatus(text, kind) {
  ui.status.textContent = text;
  ui.status.dataset.state = kind;
}

// kind 'notice': something went wrong earlier but has been put right.
function showError(target, message, input = null, kind = 'error') {
  target.textContent = message;
  target.hidden = false;
  target.classList.toggle('notice', kind === 'notice');
  if (input) input.setAttribute('aria-invalid', 'true');
}

function clearError(target) {
  target.hidden = true;
  target.textContent = '';
  for (const input of document.querySelectorAll('[aria-invalid="true"]')) input.removeAttribute('aria-invalid');
}

function describeFile() {
  const file = ui.file.files[0];
  ui.fileInfo.textContent = file
    ? `${file.name} · ${(file.size / 1024).toFixed(1)} KB. Press Train to learn from it.`
    : 'Nothing is uploaded anywhere: the file is read inside this tab.';
}

ui.corpus.addEventListener('change', updateCorpusControls);
ui.order.addEventListener('change', updateModelControls);
ui.family.addEventListener('change', updateModelControls);
ui.tokenizer.addEventListener('change', updateModelControls);
ui.lowercase.addEventListener('change', updateTrainHint);
for (const input of [ui.vocabSize, ui.subwordAlpha]) input.addEventListener('input', updateTrainHint);
for (const input of [ui.context, ui.hidden, ui.embed, ui.layers, ui.steps, ui.lr]) input.addEventListener('input', updateTrainHint);
ui.pause.addEventListener('click', togglePause);
ui.smoothing.addEventListener('change', updateModelControls);
ui.k.addEventListener('input', updateTrainHint);
ui.valFraction.addEventListener('input', () => { updateSplitHint(); updateTrainHint(); });
ui.pasteText.addEventListener('input', updateTrainHint);
ui.file.addEventListener('change', () => { describeFile(); updateTrainHint(); });
ui.train.addEventListener('click', trainFromControls);
ui.cancel.addEventListener('click', stopTraining);
ui.pasteText.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) trainFromControls();
});

for (const input of [ui.temperature, ui.topK, ui.topP, ui.greedy]) {
  input.addEventListener('input', () => { updateSamplingLabels(); refreshDistribution(); });
}
ui.prompt.addEventListener('input', refreshDistribution);
ui.attentionText.addEventListener('input', refreshAttention);
ui.prompt.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !ui.generate.disabled) generate();
});
ui.generate.addEventListener('click', generate);
ui.gencostMeasure.addEventListener('click', measureGenerationCost);
ui.newSeed.addEventListener('click', () => {
  ui.seed.value = String(Math.floor(Math.random() * 1_000_000));
  generate();
});

updateCorpusControls();
updateModelControls();
updateSamplingLabels();
// A working model from the first second: names + trigram + Kneser-Ney trains in milliseconds.
trainFromControls();
