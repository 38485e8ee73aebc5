// The page: one store of its state (store.js), one module per panel around
// it, and the model worker, which does all model work off the main thread so
// nothing here can freeze the tab. This file only wires them together.
// Text that comes from a corpus or a model is only ever set as textContent.
import { mountAttention } from './panels/attention.js';
import { mountComparison } from './panels/comparison.js';
import { mountGenerate } from './panels/generate.js';
import { mountGenerationCost } from './panels/generation-cost.js';
import { mountNextToken } from './panels/next-token.js';
import { mountReadout } from './panels/readout.js';
import { mountStatus } from './panels/status.js';
import { mountTokenizerPanel } from './panels/tokenizer.js';
import { mountTrainControls } from './panels/train-controls.js';
import { mountTrainProgress } from './panels/train-progress.js';
import { mountTrainRun } from './panels/train-run.js';
import { createStore, initialState } from './store.js';
import { dressOptionControls } from './ui/option-controls.js';
import { ModelWorker } from './ui/worker-client.js';

// The controls' ranges, choices and tooltips from the option table, before any panel binds them.
dressOptionControls();
const store = createStore(initialState());
let training = null;
const worker = new ModelWorker({
  onReady: () => training.onReady(),
  onCrash: (reason, { permanent }) => training.handleCrash(reason, permanent),
});

mountStatus(store);
mountTrainControls(store);
training = mountTrainRun(store, worker);
mountTrainProgress(store);
mountReadout(store);
mountComparison(store);
mountGenerate(store, worker);
mountNextToken(store, worker);
mountAttention(store, worker);
mountTokenizerPanel(store, worker);
mountGenerationCost(store, worker);

// A working model from the first second: names + trigram + Kneser-Ney trains in milliseconds.
training.trainFromControls();
