// Step 1's actions: Train, Pause and Stop, the training request to the model
// worker, and bringing the last good model back when the worker had to be
// replaced (Stop during an n-gram training, a crash). Renders the buttons and
// the error box; the training itself is store.training, the result store.model.
import { readCorpus } from '../corpus.js';
import { chosenOptions, isNeural, OptionError, optionNamedBy, trainRequest } from '../options.js';
import { isTraining } from '../store.js';
import { describeModel } from '../ui/describe-model.js';
import { byIdIn } from '../ui/dom.js';
import { formatMs, sentence } from '../ui/format.js';
import { failureText, showMessage } from '../ui/messages.js';
import { isWorkerReplaced } from '../ui/worker-client.js';

// The status line counts the seconds; Stop appears once an n-gram takes longer than this.
const TICK_MS = 250;
// More crashes than this within a minute: stop retraining the model that may cause them.
const MAX_RESTORES_PER_MINUTE = 2;

export function mountTrainRun(root, store, worker) {
  const $ = byIdIn(root);
  const ui = { train: $('train'), pause: $('pause'), cancel: $('cancel'), error: $('error'), paste: $('paste-text') };
  let nextId = 1;
  let ticker = 0;

  const current = (id) => store.state.training?.id === id;
  const setStatus = (text, kind) => store.update({ status: { text, kind } });
  // The status line is what a visitor reads first (a link that opens on a text
  // that cannot be fetched fails before anything shows): it points to the reason.
  const statusAfterFailure = () => (store.state.model
    ? { text: 'Ready (previous model): the new training failed, the reason is under Train.', kind: 'ready' }
    : { text: 'No model: the training failed, the reason is under Train.', kind: 'error' });

  async function trainFromControls() {
    store.update({ trainError: null });
    let spec;
    try {
      spec = { options: chosenOptions(store.state.train), ...await readCorpus(store.state.corpus) };
    } catch (error) {
      if (!(error instanceof OptionError)) throw error;
      store.update({ trainError: { text: failureText('train', error), option: error.option }, status: statusAfterFailure() });
      return;
    }
    await train(spec);
  }

  // spec: { options (chosenOptions), key, label, source }. restored: the notice once a restore has worked.
  async function train(spec, { restoring = false, restored = '' } = {}) {
    const id = nextId++;
    const neural = isNeural(spec.options);
    const what = `${describeModel(spec.options)} on ${spec.label}`;
    const verb = restoring ? 'Restoring' : 'Training';
    const startedAt = performance.now();
    store.update({
      training: { id, options: spec.options, source: { key: spec.key, label: spec.label }, neural, restoring,
        phase: 'running', stoppable: neural, points: [], progress: null, preview: null, stepsDone: 0 },
      status: { text: `${verb} ${what}…`, kind: 'busy' },
    });
    clearInterval(ticker);
    ticker = setInterval(() => {
      if (!current(id) || store.state.training.phase !== 'running') return;
      setStatus(`${verb} ${what}… ${((performance.now() - startedAt) / 1000).toFixed(1)} s`, 'busy');
      store.merge('training', { stoppable: true });
    }, TICK_MS);

    try {
      const reply = await worker.request('train', { source: spec.source, options: trainRequest(spec.options) }, {
        onProgress: (progress) => {
          if (current(id)) showProgress(progress);
        },
      });
      if (!current(id)) return;
      const steps = reply.report.steps;
      const ending = reply.stopped ? 'diverged' : reply.stoppedEarly ? 'early' : 'finished';
      const early = reply.stoppedEarly ? ` (stopped early at step ${steps})` : '';
      store.update({
        model: { id, options: spec.options, source: { key: spec.key, label: spec.label }, reply, restored: restoring },
        restore: spec,
        training: { ...store.state.training, phase: 'done', ending, stepsDone: steps },
        status: { text: `Ready: ${what}, trained in ${formatMs(reply.ms)}${early}.`, kind: 'ready' },
        trainError: reply.stopped
          ? { text: `Training stopped by itself: ${sentence(reply.stopped)} The model as it was at step ${steps} is kept and can be used; a lower learning rate usually helps.` }
          : restoring ? { text: restored, notice: true } : null,
      });
    } catch (error) {
      if (!current(id)) return;
      if (isWorkerReplaced(error)) return;  // handled where the worker is replaced
      const kept = store.state.model ? ' The previous model is kept.' : '';
      store.update({
        training: { ...store.state.training, phase: 'failed' },
        trainError: { text: `${failureText('train', error)}${kept}`, option: optionNamedBy(error) },
        status: statusAfterFailure(),
      });
    } finally {
      if (current(id) || !isTraining(store.state)) clearInterval(ticker);
    }
  }

  function showProgress(progress) {
    const { training } = store.state;
    const point = { step: progress.step, trainLoss: progress.trainLoss, valLoss: progress.valLoss };
    store.merge('training', {
      progress,
      points: [...training.points, point],
      preview: progress.preview ? { step: progress.step, samples: progress.preview } : training.preview,
    });
  }

  function togglePause() {
    const { training } = store.state;
    if (!training?.neural || !['running', 'paused'].includes(training.phase)) return;
    const pausing = training.phase === 'running';
    worker.send('control', { action: pausing ? 'pause' : 'resume' });
    store.merge('training', { phase: pausing ? 'paused' : 'running' });
    if (pausing) setStatus('Paused. Resume to go on training, or Stop to keep the model learned so far.', 'busy');
  }

  function stopTraining() {
    const { training, restore } = store.state;
    if (!isTraining(store.state)) return;
    if (training.neural) {
      // The worker ends the loop and hands back the model as it is now.
      worker.send('control', { action: 'stop' });
      store.merge('training', { phase: 'stopping' });
      setStatus('Stopping: keeping the model learned so far…', 'busy');
      return;
    }
    // An n-gram counts in one call: only a new worker stops it, and the model it held is gone.
    clearInterval(ticker);
    replaceWorker({ trainError: { text: restore ? 'Training stopped. The previous model is being restored…' : 'Training stopped.' } });
    worker.restart();
    if (restore) train(restore, { restoring: true, restored: 'Training stopped; the previous model is ready again.' });
    else setStatus('No model yet.', 'error');
  }

  function handleCrash(reason, permanent) {
    clearInterval(ticker);
    const now = performance.now();
    const crashes = store.state.crashes.filter((t) => now - t < 60_000).concat(now);
    replaceWorker({ crashes }, { dead: permanent });
    if (permanent) {
      store.update({ trainError: { text: `${sentence(reason.charAt(0).toUpperCase() + reason.slice(1))} Reload the page to try again.` } });
      setStatus('The model engine is not available.', 'error');
      return;
    }
    const { restore } = store.state;
    if (restore && crashes.length <= MAX_RESTORES_PER_MINUTE) {
      store.update({ trainError: { text: `The model worker crashed (${reason}). It has been restarted and the last working model is being retrained…` } });
      train(restore, { restoring: true, restored: `The model worker crashed (${reason}). It was restarted and the last working model is ready again.` });
    } else {
      store.update({ trainError: { text: `The model worker crashed (${reason}). It has been restarted; press Train to build a model again.` } });
      setStatus('No model: press Train.', 'error');
    }
  }

  // Whatever the old worker held (the model, the tokenizer panel's tokenizer) is gone with it.
  function replaceWorker(changes, { dead = false } = {}) {
    const { worker: state } = store.state;
    store.update({ ...changes, training: null, model: null, worker: { ready: false, epoch: state.epoch + 1, dead } });
  }

  function onReady() {
    store.merge('worker', { ready: true });
    if (!isTraining(store.state) && !store.state.model) setStatus('Ready.', 'ready');
  }

  const render = (state) => {
    const { training } = state;
    const busy = isTraining(state);
    $('train-panel').classList.toggle('busy', busy);
    ui.train.disabled = busy;
    ui.train.textContent = busy ? 'Training…' : 'Train';
    const pausable = busy && training.neural && training.phase !== 'stopping';
    ui.pause.hidden = !pausable;
    ui.pause.textContent = training?.phase === 'paused' ? 'Resume' : 'Pause';
    ui.cancel.hidden = !(busy && training.stoppable && training.phase !== 'stopping');
    showMessage(ui.error, state.trainError?.text, { notice: state.trainError?.notice });
  };
  store.watch(['training', 'trainError'], render);
  render(store.state);

  ui.train.addEventListener('click', trainFromControls);
  ui.pause.addEventListener('click', togglePause);
  ui.cancel.addEventListener('click', stopTraining);
  ui.paste.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) trainFromControls();
  });
  return { trainFromControls, handleCrash, onReady };
}
