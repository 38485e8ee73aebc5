// One playground: its store, its model worker and its panels, mounted in a
// root (the document for the page, a shadow root for <lm-playground>). Each
// playground has its own worker and state, so several can share a page.
//
// A link (link.js) sets where it starts: its options, its text, which panels
// show (panels=...), which controls are locked (lock=...) and whether it
// trains at once (train=1); keys it had to ignore are named in one line. A
// lesson (panels/lesson.js) adds its text beside
// the panels and runs its setup and "try" steps through the panels' own actions.
// A model file dropped anywhere on it is opened (panels/model-file.js), and
// the shipped models open from the Pretrained picker (panels/pretrained.js).
import { PANELS } from './link.js';
import { mountAttention } from './panels/attention.js';
import { mountExposure } from './panels/exposure.js';
import { mountComparison } from './panels/comparison.js';
import { mountGenerate } from './panels/generate.js';
import { mountGenerationCost } from './panels/generation-cost.js';
import { mountLesson } from './panels/lesson.js';
import { mountLinkNotice } from './panels/link-notice.js';
import { mountModelFile } from './panels/model-file.js';
import { mountNextToken } from './panels/next-token.js';
import { mountOrderSweep } from './panels/order-sweep.js';
import { mountPretrained } from './panels/pretrained.js';
import { mountReadout } from './panels/readout.js';
import { mountStatus } from './panels/status.js';
import { mountTokenizerPanel } from './panels/tokenizer.js';
import { mountTrainControls } from './panels/train-controls.js';
import { mountTrainProgress } from './panels/train-progress.js';
import { mountTrainRun } from './panels/train-run.js';
import { createStore, initialState } from './store.js';
import { byIdIn } from './ui/dom.js';
import { dressOptionControls } from './ui/option-controls.js';
import { ModelWorker } from './ui/worker-client.js';

// -> { store, worker, training, dispose() }. link: readLink()'s result (for a
// lesson, lessonLink()'s); lesson: { name, lesson, index } or { name, error, index }
// (lesson-loader.js: openingOf). fullPage(hash): the address of the page
// itself at a link, for links that leave an embedded playground (a lesson's
// previous and next); null on the page, where they are its own hash.
export function mountPlayground(root, { link, lesson = null, fullPage = null } = {}) {
  // The controls' ranges, choices and tooltips from the option table, before any panel binds them.
  dressOptionControls(root);
  const store = createStore(initialState(link));
  let training = null;
  const worker = new ModelWorker({
    onReady: () => training.onReady(),
    onCrash: (reason, { permanent }) => training.handleCrash(reason, permanent),
  });

  mountStatus(root, store);
  mountLinkNotice(root, store);
  mountTrainControls(root, store);
  training = mountTrainRun(root, store, worker);
  mountTrainProgress(root, store);
  mountReadout(root, store);
  mountPretrained(root, store, mountModelFile(root, store, worker));
  mountComparison(root, store);
  const generation = mountGenerate(root, store, worker);
  mountNextToken(root, store, worker);
  mountAttention(root, store, worker);
  const tokenizer = mountTokenizerPanel(root, store, worker);
  const cost = mountGenerationCost(root, store, worker);
  const orders = mountOrderSweep(root, store, worker);
  const exposure = mountExposure(root, store, worker);
  showView(root, store.state.view);
  // An n-gram trains in a moment, so the playground opens with a model ready;
  // anything longer waits for Train unless the link says train=1.
  const openingTraining = () => (store.state.view.train || store.state.train.model === 'ngram'
    ? training.trainFromControls() : Promise.resolve());
  const first = openingTraining();
  if (lesson) {
    const actions = {
      train: training.trainFromControls,
      generate: generation.generate,
      sweep: orders.sweep,
      measure: cost.measure,
      trainTokenizer: tokenizer.train,
      sampleSegmentation: tokenizer.sampleAnother,
      bestSegmentation: tokenizer.showBest,
      measureExposure: exposure.measure,
    };
    mountLesson(root, store, lesson, { link, openingTraining, first, actions, fullPage });
  }

  return { store, worker, training, dispose: () => worker.dispose() };
}

// Panels a link leaves out are not shown; controls it locks show their value
// but cannot be changed (a lesson keeps the student on what it is about);
// controls it hides are not shown, their values in force all the same. Each
// applies to every control of that option (step 1's and the tokenizer panel's).
function showView(root, { panels, lock, hide }) {
  const $ = byIdIn(root);
  for (const [name, id] of Object.entries(PANELS)) {
    $(id)?.classList.toggle('panel-off', panels !== null && !panels.includes(name));
  }
  for (const control of root.querySelectorAll('[data-option]')) {
    const locked = lock.includes(control.dataset.option);
    control.disabled ||= locked;
    if (locked) {
      control.setAttribute('aria-disabled', 'true');
      control.closest('.field')?.classList.add('locked');
    }
    if (hide.includes(control.dataset.option)) (control.closest('.field') ?? control).classList.add('control-off');
  }
}
