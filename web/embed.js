// <lm-playground>: the playground as an element of a course page.
//
//   <script type="module" src="https://your.host/lm-playground/embed.js"></script>
//   <lm-playground corpus="moby" order="5" panels="train,readout,generate" height="640"></lm-playground>
//
// Its attributes are the keys of a link (link.js: every option under its own
// name, corpus, panels, lock, lesson, train; embed-attributes.js): lesson=NAME
// opens that lesson, its text beside the panels, as the page does. Plus
// height, the element's height (it then scrolls inside; without it the
// element is as tall as its content). Keys it cannot use are ignored with a
// console warning that says why.
//
// Each element is a playground of its own (playground.js): its own store and
// model worker, nothing shared but the markup and styles read once from
// index.html (ui/page-markup.js), in an open shadow root that the course
// page's CSS cannot reach into. Removed from the page, its worker ends.
//
// Attributes changed after the element is on the page start it afresh with
// the new keys (several changed at once, once): the model it held is gone,
// as when a link is opened again. height alone only resizes it.
//
// Served from another origin than the course page, everything loads from
// beside this file (import.meta.url), the worker through a Blob URL
// (ui/worker-url.js); the host must send Access-Control-Allow-Origin.
import { heightOf, linkPairsOf, OBSERVED_ATTRIBUTES } from './embed-attributes.js';
import { openingOf } from './lesson-loader.js';
import { linkOf } from './link-state.js';
import { describeIgnored, writeLink } from './link.js';
import { mountCopyLink } from './panels/copy-link.js';
import { mountPlayground } from './playground.js';
import { copyPageInto, loadPageParts } from './ui/page-markup.js';

// The playground's own page (index.html, beside this file) opened at a link's keys.
const fullPage = (hash) => new URL(`index.html${hash ? `#${hash}` : ''}`, import.meta.url).href;

class LmPlayground extends HTMLElement {
  static observedAttributes = OBSERVED_ATTRIBUTES;

  #frame;               // the .embed-frame that holds the page's markup and scrolls
  #active = false;      // mounted, or loading the markup to mount
  #generation = 0;      // counts mounts, so a load that finishes after an unmount does nothing
  #playground = null;   // mountPlayground()'s { store, worker, training, dispose }
  #restartQueued = false;

  constructor() {
    super();
    const shadow = this.attachShadow({ mode: 'open' });
    this.#frame = document.createElement('div');
    this.#frame.className = 'embed-frame';
    shadow.append(this.#frame);
  }

  connectedCallback() {
    this.#applyHeight();
    if (!this.#active) this.#mount();
  }

  disconnectedCallback() {
    // Moving the element (remove, then insert in the same task) keeps it running.
    queueMicrotask(() => {
      if (!this.isConnected) this.#unmount();
    });
  }

  attributeChangedCallback(name, previous, value) {
    if (name === 'height') {
      this.#applyHeight();
      return;
    }
    // Before the first mount (the parser setting the attributes) there is nothing to restart.
    if (!this.#active || previous === value || this.#restartQueued) return;
    this.#restartQueued = true;
    queueMicrotask(() => {
      this.#restartQueued = false;
      if (!this.#active) return;
      this.#unmount();
      this.#mount();
    });
  }

  async #mount() {
    this.#active = true;
    const generation = ++this.#generation;
    let parts;
    try {
      parts = await loadPageParts();
    } catch (error) {
      if (generation === this.#generation) this.#showFailure(error);
      return;
    }
    if (generation !== this.#generation) return;
    const { link, lesson } = await openingOf(linkPairsOf(this.getAttributeNames().map((name) => [name, this.getAttribute(name)])));
    if (generation !== this.#generation) return;
    this.shadowRoot.adoptedStyleSheets = parts.sheets;
    copyPageInto(this.#frame, parts);
    if (link.ignored.length) console.warn(`<lm-playground>: ${describeIgnored(link.ignored)}`);
    if (lesson?.error) console.warn(`<lm-playground>: the lesson “${lesson.name}” could not be opened: ${lesson.error}`);
    const playground = mountPlayground(this.shadowRoot, { link, lesson, fullPage });
    // Copy link copies the full page with this element's state: the course page's own address holds none of it.
    mountCopyLink(this.shadowRoot, playground.store, { address: () => fullPage(writeLink(linkOf(playground.store.state))) });
    this.shadowRoot.getElementById('copy-link').title = 'Copy a link that opens this playground, with every setting, as a page of its own';
    this.#playground = playground;
  }

  #unmount() {
    this.#active = false;
    this.#generation++;
    this.#playground?.dispose();
    this.#playground = null;
    this.#frame.replaceChildren();
  }

  #applyHeight() {
    const height = heightOf(this.getAttribute('height'));
    if (height === null) console.warn(`<lm-playground>: height="${this.getAttribute('height')}" is not a length (600, 600px, 40em, 80vh); the element grows with its content.`);
    this.#frame.style.height = height ?? '';
  }

  // Without the page's markup nothing can run; say so where the playground would be.
  #showFailure(error) {
    const message = document.createElement('p');
    message.textContent = `LM Playground could not load: ${error.message}. Its host must allow other origins to read its files (Access-Control-Allow-Origin).`;
    this.#frame.replaceChildren(message);
    console.error('<lm-playground>:', error);
  }
}

if (!customElements.get('lm-playground')) customElements.define('lm-playground', LmPlayground);
