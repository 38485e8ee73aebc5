// "Copy link": copies the page's address, which holds the playground's state
// (address.js), so that the same link opens the same playground in another
// tab, for a classmate, or in the CLI (lmp train --from-url). Through
// navigator.clipboard where the page may use it; otherwise the link shows in
// a text field, selected, ready for Ctrl+C.
import { CORPORA, DEFAULT_CORPUS } from '../corpus.js';
import { corpusInLink } from '../link-state.js';
import { byIdIn } from '../ui/dom.js';

// Long enough to be read, short enough not to linger next to a changed state.
const SAID_MS = 2500;
// A note on what the link leaves out needs a little longer.
const NOTE_SAID_MS = 6000;

// address(): the address to copy, with the latest state written into it.
export function mountCopyLink(root, store, { address }) {
  const $ = byIdIn(root);
  const ui = { button: $('copy-link'), info: $('copy-link-info'), field: $('link-field') };
  let timer = 0;

  const say = (text, ms) => {
    clearTimeout(timer);
    ui.info.textContent = text;
    if (ms) timer = setTimeout(() => (ui.info.textContent = ''), ms);
  };

  async function copy() {
    const href = address();
    // A pasted or uploaded text cannot travel in a link: say what the link opens on instead.
    const leftOut = corpusInLink(store.state.corpus) === null;
    const note = leftOut ? ` Your own text is not in it: the link opens on ${CORPORA[DEFAULT_CORPUS].label}.` : '';
    ui.field.value = href;
    try {
      await navigator.clipboard.writeText(href);
      ui.field.hidden = true;
      say(`Copied.${note}`, note ? NOTE_SAID_MS : SAID_MS);
    } catch {
      // No clipboard here (an insecure page, a refused permission): the link, selected, to copy by hand.
      ui.field.hidden = false;
      ui.field.focus();
      ui.field.select();
      say(`Press Ctrl+C (⌘C on a Mac) to copy the selected link.${note}`, 0);
    }
  }

  ui.button.addEventListener('click', copy);
  ui.field.addEventListener('blur', () => {
    ui.field.hidden = true;
    say('', 0);
  });
}
