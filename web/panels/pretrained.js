// The Pretrained picker beside Open model…: the models the project ships
// (models/, copied beside the page into build/models/ by setup) listed from
// their manifest, each by its title and validation bits per character.
// Choosing one fetches its file, checks its bytes against the manifest's
// sha256, and opens it through Open model…'s own path (model-file.js), so it
// is shown as a trained model and generates at once. A fetch that fails or
// bytes that do not match are named in Open model…'s message box, and the
// model loaded before stays. The manifest's words are shown as text, never HTML.
//
// Left out: the manifest's other figures (training time, options, the n-gram
// it is compared with); the readout shows the file's own once it is opened.
// Without a manifest (a page served without build/models/) the picker stays hidden.
import { readBody } from '../corpus-fetch.js';
import { isTraining } from '../store.js';
import { byIdIn } from '../ui/dom.js';
import { formatBytes, formatFixed } from '../ui/format.js';

const MODELS = new URL('../build/models/', import.meta.url);

// modelFile: mountModelFile()'s result ({ open, say }).
// The corpora of the shipped models, as Models compared names them.
const CORPUS_NAMES = { names: 'Names', moby: 'Moby Dick', tang: 'Tang poems' };

export function mountPretrained(root, store, modelFile) {
  const $ = byIdIn(root);
  const ui = { field: $('pretrained-field'), select: $('pretrained') };
  let models = [];

  async function loadManifest() {
    try {
      const response = await fetch(new URL('manifest.json', MODELS), { credentials: 'omit' });
      if (!response.ok) return;
      models = (await response.json()).models ?? [];
    } catch {
      return;  // no models beside this page: nothing to pick
    }
    for (const entry of models) {
      const option = document.createElement('option');
      option.value = entry.name;
      option.textContent = `${entry.title} · ${formatFixed(entry.valBpc, 3)} bits/char`;
      option.title = `${entry.corpus} · ${entry.model} · ${entry.tokenizer} tokens · ${formatBytes(entry.bytes)}`;
      ui.select.append(option);
    }
    ui.field.hidden = models.length === 0;
  }

  async function choose(name) {
    const entry = models.find((model) => model.name === name);
    if (!entry) return;
    const kept = store.state.model ? ' The model you had is still loaded.' : '';
    modelFile.say({ busy: true, info: `Fetching ${entry.file}…` });
    let bytes;
    try {
      bytes = await fetchModel(entry, (done) => modelFile.say({
        busy: true, info: `Fetching ${entry.file}… ${formatBytes(done)} of ${formatBytes(entry.bytes)}`,
      }));
    } catch (error) {
      modelFile.say({ busy: false, error: `${entry.file} could not be opened: ${error.message}${kept}` });
      return;
    }
    modelFile.say({ busy: false });
    // Shipped models of one corpus share its fixed split (models/manifest.json), so they compare with each other.
    await modelFile.open(new File([bytes], entry.file, { type: 'application/octet-stream' }),
      { key: `shipped:${entry.corpus}`, label: `${CORPUS_NAMES[entry.corpus] ?? entry.corpus} (the shipped models' split)` });
  }

  ui.select.addEventListener('change', () => {
    const name = ui.select.value;
    ui.select.value = '';  // the picker names no model once it is opened: the readout does
    choose(name);
  });

  const render = (state) => {
    ui.select.disabled = state.modelFile.busy || isTraining(state) || !state.worker.ready;
  };
  store.watch(['modelFile', 'training', 'worker'], render);
  render(store.state);
  loadManifest();
}

// -> the file's bytes (ArrayBuffer), once they match the manifest's size and sha256;
// progress(bytesSoFar) as they come. Throws an Error whose message says why, as a clause.
async function fetchModel(entry, progress) {
  let response;
  try {
    response = await fetch(new URL(entry.file, MODELS), { credentials: 'omit' });
  } catch {
    throw new Error('the page could not reach the server it came from.');
  }
  if (!response.ok) {
    response.body?.cancel().catch(() => {});
    throw new Error(`the server answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}.`);
  }
  let bytes;
  try {
    bytes = await readBody(response.body, { progress });
  } catch {
    throw new Error('the connection broke while fetching it.');
  }
  const digest = await sha256(bytes);
  if (bytes.length !== entry.bytes || (digest && digest !== entry.sha256)) {
    throw new Error(`its bytes are not the ones the manifest lists (${formatBytes(bytes.length)}, sha256 ${digest ? digest.slice(0, 12) : 'not checked'}…, where the manifest says ${formatBytes(entry.bytes)}, ${entry.sha256.slice(0, 12)}…).`);
  }
  return bytes.buffer;
}

// The hex sha256 of the bytes, or null where the browser has no crypto.subtle
// (a page served over plain http from another host than localhost); the size is still checked.
async function sha256(bytes) {
  if (!globalThis.crypto?.subtle) return null;
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
}
