// Model files: "Save model" downloads the model the worker holds as the .lmp
// file the CLI writes (lmp train --out), and "Open model…" or a file dropped
// anywhere on the playground makes a .lmp file (the page's or the CLI's) the
// model, shown as after a training: readout, Models compared, Generate.
// A file that cannot be opened is named in one message and changes nothing:
// the model loaded before stays. State: store.modelFile ({ busy, error, info })
// and, once a file is opened, store.model with its file name (model.file).
//
// Left out: what the model was trained on. A model file keeps its options and
// its validation report, not its text nor its training time; the readout says so.
import { isTraining } from '../store.js';
import { describeModel, stepsDone } from '../ui/describe-model.js';
import { byIdIn } from '../ui/dom.js';
import { formatBytes, formatMs, sentence } from '../ui/format.js';
import { failureText, showMessage } from '../ui/messages.js';
import { isWorkerReplaced } from '../ui/worker-client.js';

// Larger than any model the page can train (its memory limit is 1 GB at most
// and a tab rarely gets that); reading such a file would only freeze the tab.
export const MAX_MODEL_FILE_BYTES = 200 * 1024 * 1024;
// The drop hint stays while the browser keeps sending dragover (every ~50 ms); this long without one, the drag has left.
const DRAG_GONE_MS = 250;

export function mountModelFile(root, store, worker) {
  const $ = byIdIn(root);
  const ui = {
    save: $('save-model'), open: $('open-model'), input: $('model-file-input'),
    info: $('model-file-info'), error: $('model-file-error'), dropHint: $('drop-hint'),
  };
  let opened = 0;

  const say = (fields) => store.merge('modelFile', { error: '', info: '', ...fields });

  async function save() {
    const { model } = store.state;
    if (!model) return;
    say({ busy: true, info: 'Saving…' });
    try {
      const { bytes } = await worker.request('save');
      const name = fileNameOf(model);
      download(root, new Blob([bytes], { type: 'application/octet-stream' }), name);
      say({ busy: false, info: `Saved as ${name} (${formatBytes(bytes.byteLength)}).` });
    } catch (error) {
      say({ busy: false, error: isWorkerReplaced(error) ? '' : failureText('save the model', error) });
    }
  }

  // file: a File from the picker or a drop. trainedOn: { key, label } of the
  // text the model learned, where the caller knows it (a shipped model's
  // manifest); Models compared then groups it with that text's models.
  async function open(file, trainedOn = null) {
    const refusal = refusalOf(store.state, file);
    if (refusal) {
      say({ error: refusal });
      return;
    }
    say({ busy: true, info: `Opening ${file.name}…` });
    try {
      const bytes = await file.arrayBuffer();
      const reply = await worker.request('open', { bytes }, { transfer: [bytes] });
      const { options } = reply;
      const id = `file-${++opened}`;
      const model = {
        id, options, file: file.name, reply, restored: false,
        source: trainedOn ?? { key: `file:${file.name}`, label: `the text ${file.name} was trained on` },
      };
      store.update({
        model,
        // The last training's chart is not this model's, and a crash could only bring back the trained one.
        training: null,
        restore: null,
        trainError: null,
        status: { text: `Ready: ${describeModel(options, stepsDone(model))}, opened from ${file.name}.`, kind: 'ready' },
      });
      say({ busy: false, info: `Opened ${file.name} in ${formatMs(reply.loadMs)}.` });
    } catch (error) {
      say({ busy: false, error: isWorkerReplaced(error) ? '' : openFailureText(file.name, error, Boolean(store.state.model)) });
    }
  }

  ui.save.addEventListener('click', save);
  ui.open.addEventListener('click', () => ui.input.click());
  ui.input.addEventListener('change', () => {
    const [file] = ui.input.files;
    ui.input.value = '';  // the same file chosen again is a new choice
    if (file) open(file);
  });
  listenForDrops(root, ui.dropHint, open);

  const render = (state) => {
    const { busy, error, info } = state.modelFile;
    const blocked = busy || isTraining(state) || !state.worker.ready;
    ui.save.disabled = blocked || !state.model;
    ui.open.disabled = blocked;
    ui.info.textContent = info;
    showMessage(ui.error, error);
  };
  store.watch(['modelFile', 'model', 'training', 'worker'], render);
  render(store.state);
  // say: the Pretrained picker (pretrained.js) reports its fetch in the same line and message box.
  return { open, say };
}

// Why this file is not even read now, or ''.
function refusalOf(state, file) {
  if (isTraining(state)) {
    return `${file.name} was not opened: a model is training, and the model engine does one thing at a time. Wait for the training to end, or Stop it, then open the file again.`;
  }
  if (!state.worker.ready) return `${file.name} was not opened: the model engine is still loading. Try again in a moment.`;
  if (file.size > MAX_MODEL_FILE_BYTES) {
    return `${file.name} was not opened: it holds ${formatBytes(file.size)}, more than the ${formatBytes(MAX_MODEL_FILE_BYTES)} a model file of this page can hold. Choose a .lmp file saved by this page or by lmp train --out.`;
  }
  return '';
}

// What went wrong, by the error's kind, and that nothing else changed.
function openFailureText(name, error, hadModel) {
  const kept = hadModel ? ' The model you had is still loaded.' : '';
  if (error.kind === 'corrupt-model') {
    return `${name} could not be opened: ${sentence(error.message)} Choose a .lmp file saved by this page or by lmp train --out.${kept}`;
  }
  return `${failureText(`open ${name}`, error)}${kept}`;
}

// "names-trigram-kneser-ney-smoothing.lmp": the model in a few words, as a file name.
export function fileNameOf(model) {
  const words = describeModel(model.options, stepsDone(model));
  // "Names (8,422 first names)" is the names: what the brackets add makes a name long.
  const text = model.file ? '' : `${model.source.label.replace(/\(.*?\)/g, '')} `;
  const slug = `${text}${words}`.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  return `${slug || 'model'}.lmp`;
}

// A download without a server: an <a download> at a blob: address, clicked once.
function download(root, blob, name) {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = name;
  link.hidden = true;
  (root.body ?? root).append(link);
  link.click();
  link.remove();
  // The click has started the download; the address is needed no longer.
  setTimeout(() => URL.revokeObjectURL(link.href), 0);
}

// A file dropped anywhere in the playground is opened, with a hint while one
// is dragged over it. A drop on a file input (step 1's text file) is left to the input.
function listenForDrops(root, hint, open) {
  let hideTimer = 0;
  const carriesFile = (event) => [...(event.dataTransfer?.types ?? [])].includes('Files');
  const forAnInput = (event) => event.target instanceof HTMLInputElement && event.target.type === 'file';
  root.addEventListener('dragover', (event) => {
    if (!carriesFile(event) || forAnInput(event)) return;
    event.preventDefault();  // only then is a drop allowed here
    event.dataTransfer.dropEffect = 'copy';
    hint.hidden = false;
    clearTimeout(hideTimer);
    hideTimer = setTimeout(() => { hint.hidden = true; }, DRAG_GONE_MS);
  });
  root.addEventListener('drop', (event) => {
    if (!carriesFile(event) || forAnInput(event)) return;
    event.preventDefault();
    clearTimeout(hideTimer);
    hint.hidden = true;
    const [file] = event.dataTransfer.files;
    if (file) open(file);
  });
}
