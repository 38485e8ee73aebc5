// Step 4, for a Transformer: what each head attends to over a text of the
// student's (store.attentionText), with a note that says what the blank cells
// are, or, without the causal mask, that there are none.
import { renderAttention } from '../ui/attention-maps.js';
import { bindControl } from '../ui/bind.js';
import { byIdIn } from '../ui/dom.js';
import { failureText, showMessage } from '../ui/messages.js';
import { unitOf } from '../ui/tokenizers.js';
import { isWorkerReplaced } from '../ui/worker-client.js';

// Typing pauses this long before the maps are computed again.
const REFRESH_DELAY_MS = 60;

const HINT = 'One map per block and head: each row is a position of the text (the query), each column a position '
  + 'it may look at (the key); the darker the cell, the more of that row\'s attention goes there.';

const HOW_TO_READ = ' Hover over a cell, or Tab to a map and move with the arrow keys, for its value.';

function maskHint(causal, unit) {
  return causal
    ? ' The blank cells above the diagonal are the future, hidden by the causal mask.' + HOW_TO_READ
    : ` This model was trained without the causal mask: every cell is filled, each position also looks at the ${unit.many} `
      + 'after it, the very ones it is asked to predict.' + HOW_TO_READ;
}

export function mountAttention(root, store, worker) {
  const $ = byIdIn(root);
  const ui = {
    panel: $('attention-panel'), text: $('attention-text'), hint: $('attention-hint'),
    maps: $('attention-maps'), readout: $('attention-readout'), error: $('attention-error'),
  };
  bindControl(store, ui.text, 'attention', 'text');
  let latest = 0;
  let timer = 0;

  async function ask() {
    clearTimeout(timer);
    const { model, attention } = store.state;
    if (model?.options.model !== 'transformer') return;
    const seq = ++latest;
    try {
      const maps = await worker.request('attention', { prompt: attention.text });
      if (seq !== latest || maps.stale) return;
      store.merge('attention', { maps, error: '' });
    } catch (error) {
      if (seq !== latest || isWorkerReplaced(error)) return;
      store.merge('attention', { maps: null, error: failureText('compute the attention', error) });
    }
  }

  store.watch(['model'], ({ model }) => {
    ui.panel.hidden = model ? model.options.model !== 'transformer' : ui.panel.hidden;
    if (model?.options.model === 'transformer') {
      ui.hint.textContent = HINT + maskHint(model.options.causal, unitOf(model.options.tokenizer));
      ask();
    }
  });
  store.watch(['attention'], (state, previous) => {
    if (state.attention.text !== previous.attention.text) {
      clearTimeout(timer);
      timer = setTimeout(ask, REFRESH_DELAY_MS);
    }
    const { maps, error } = state.attention;
    showMessage(ui.error, error);
    if (error) ui.maps.replaceChildren();
    else if (maps && maps !== previous.attention.maps) renderAttention(ui.maps, ui.readout, maps);
  });
}
