// Step 3, Generate: the prompt and sampling controls (store.sampling), the
// Generate button and the samples (store.generated). The labels speak of the
// loaded model's unit: characters, words or pieces.
import { chosenOptions, OptionError, optionNamedBy } from '../options.js';
import { NEW_SEED_BELOW } from '../presets.js';
import { isTraining } from '../store.js';
import { describeModel, stepsDone } from '../ui/describe-model.js';
import { byIdIn } from '../ui/dom.js';
import { formatMs } from '../ui/format.js';
import { failureText, markInvalid, showMessage } from '../ui/messages.js';
import { bindOptionControls } from '../ui/option-controls.js';
import { sampledUnit } from '../ui/tokenizers.js';
import { isWorkerReplaced } from '../ui/worker-client.js';

export function mountGenerate(root, store, worker) {
  const $ = byIdIn(root);
  const controls = bindOptionControls(store, 'sampling', $('generate-panel'));
  const ui = {
    generate: $('generate'), newSeed: $('new-seed'), info: $('samples-info'), error: $('generate-error'), samples: $('samples'),
    temperatureValue: $('temperature-value'), topKValue: $('top-k-value'), topPValue: $('top-p-value'),
  };
  let latest = 0;  // the newest Generate; an older reply is dropped

  async function generate() {
    const { model, sampling } = store.state;
    store.update({ generateError: null });
    if (!model) return;
    let chosen;
    try {
      chosen = chosenOptions(sampling);
    } catch (error) {
      if (!(error instanceof OptionError)) throw error;
      store.update({ generateError: { text: failureText('generate', error), option: error.option } });
      return;
    }
    const { prompt, ...options } = chosen;
    const request = { prompt, options };
    const seq = ++latest;
    ui.samples.setAttribute('aria-busy', 'true');
    try {
      const reply = await worker.request('sample', request);
      if (seq !== latest || reply.stale) return;
      const greedy = options.greedy || options.temperature === 0;
      const how = greedy
        ? `greedy${options.count > 1 ? ' (so every sample is the same)' : ''}`
        : `T ${options.temperature}, top-k ${options.topK || 'off'}, top-p ${options.topP >= 1 ? 'off' : options.topP}`;
      const info = `${reply.samples.length} from the ${describeModel(model.options, stepsDone(model))} · ${how} · seed ${options.sampleSeed} · ${formatMs(reply.ms)}`;
      store.update({ generated: { samples: reply.samples, prompt: request.prompt, info } });
    } catch (error) {
      if (seq !== latest || isWorkerReplaced(error)) return;
      store.update({ generateError: { text: failureText('generate', error), option: optionNamedBy(error) } });
    } finally {
      if (seq === latest) ui.samples.removeAttribute('aria-busy');
    }
  }

  const renderControls = (state) => {
    const { temperature, topK, topP, greedy } = state.sampling;
    ui.temperatureValue.value = temperature === 0 ? '0 · greedy' : temperature.toFixed(2);
    ui.topKValue.value = topK === 0 ? 'off' : String(topK);
    ui.topPValue.value = topP >= 1 ? 'off' : topP.toFixed(2);
    for (const input of [controls.temperature, controls.topK, controls.topP]) input.closest('.field').classList.toggle('overridden', greedy);
    ui.generate.disabled = !state.model || isTraining(state);
    markInvalid(controls, state.generateError?.option);
    showMessage(ui.error, state.generateError?.text);
  };
  store.watch(['sampling', 'model', 'training', 'generateError'], renderControls);
  renderControls(store.state);

  // The labels follow the unit of the model that will be sampled (the chosen tokenizer's before any model).
  const renderUnit = (state) => {
    const unit = sampledUnit(state);
    $('temperature-hint').textContent = `Below 1 sharpens the distribution (safer, more repetitive); above 1 flattens it (wilder). 0 = always the most probable ${unit.one}.`;
    $('top-k-hint').textContent = `Draw only from the k most probable ${unit.many} (0 = off).`;
    $('top-p-hint').textContent = `Draw only from the most probable ${unit.many} that together make up p of the probability (1 = off).`;
    $('greedy-label').textContent = `Greedy: always take the most probable ${unit.one}`;
    $('max-tokens-unit').textContent = `(max ${unit.many})`;
  };
  store.watch(['model', 'train'], renderUnit);
  renderUnit(store.state);

  store.watch(['generated'], ({ generated }) => {
    renderSamples(ui.samples, generated);
    ui.info.textContent = generated?.info ?? '';
  });

  controls.prompt.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !ui.generate.disabled) generate();
  });
  ui.generate.addEventListener('click', generate);
  ui.newSeed.addEventListener('click', () => {
    store.merge('sampling', { sampleSeed: Math.floor(Math.random() * NEW_SEED_BELOW) });
    generate();
  });
  return { generate };
}

function renderSamples(list, generated) {
  const items = (generated?.samples ?? []).map(({ text, inCorpus }) => {
    const item = document.createElement('li');
    const body = document.createElement('span');
    body.className = 'sample-text';
    const prompt = text.startsWith(generated.prompt) ? generated.prompt : '';
    if (prompt) {
      const head = document.createElement('span');
      head.className = 'sample-prompt';
      head.textContent = prompt;
      body.append(head);
    }
    body.append(document.createTextNode(text.slice(prompt.length)));
    item.append(body);
    if (text.length === prompt.length) {
      item.append(tag('tag', 'ended the line at once'));
    } else if (inCorpus !== null) {
      const copied = tag(inCorpus ? 'tag copied' : 'tag new', inCorpus ? 'in the corpus' : 'new');
      copied.title = inCorpus ? 'this exact line occurs in the training text' : 'this line does not occur in the training text';
      item.append(copied);
    }
    return item;
  });
  list.replaceChildren(...items);
  // Numbered so that a batch identical to the previous one is still seen as new.
  list.dataset.batch = String(Number(list.dataset.batch ?? 0) + 1);
}

function tag(className, text) {
  const span = document.createElement('span');
  span.className = className;
  span.textContent = text;
  return span;
}
