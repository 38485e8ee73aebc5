// A lesson on the page: its introduction above the panels, and each of its
// notes just before the panel it talks about (beside it on a wide screen,
// above it on a phone), with the "try" buttons that change one thing and say
// what to watch. The lesson's state was already applied through the link;
// here its setup runs once the first model is trained, and "Set up again"
// puts every control back and runs it all once more.
//
// Left out on purpose: reading and checking the lesson (lesson-loader.js)
// and what a step does to the store (lesson-run.js).
import { ACTIONS, LESSON_FIGURES } from '../lesson-loader.js';
import { resetToLink, runStep } from '../lesson-run.js';
import { PANELS } from '../link.js';
import { isTraining } from '../store.js';
import { byIdIn } from '../ui/dom.js';
import { element } from '../ui/element.js';
import { paragraph } from '../ui/lesson-text.js';

const READY = 'Ready. Beside each panel, a button changes one thing and says what to watch.';

// opened: { name, lesson, index } or { name, error, index }; index: a promise
// of the lesson list (or null). link: the link the playground opened with.
// openingTraining(): trains as the page does on load (a promise of its end).
// actions: { name: async () => ... } for the steps to run. fullPage: see
// playground.js; given, the other lessons open as the full page in a new tab.
export function mountLesson(root, store, opened, { link, openingTraining, first, actions, fullPage = null }) {
  // Every action a lesson may name must have its button here: a lesson added later fails at once, not halfway.
  const missing = ACTIONS.filter((name) => typeof actions[name] !== 'function');
  if (missing.length) throw new Error(`the playground does not provide the lesson actions ${missing.join(', ')}`);
  const $ = byIdIn(root);
  const main = root.querySelector('.layout');
  if (opened.error) {
    main.prepend(element('section', { class: 'lesson-intro lesson-failed', 'aria-label': 'Lesson' },
      element('p', { class: 'error', id: 'lesson-error' },
        `The lesson “${opened.name}” could not be opened: ${opened.error}. The playground below works as usual.`)));
    return;
  }
  const { lesson, name } = opened;
  let busy = false;
  const tries = [];

  const status = element('p', { class: 'lesson-status', id: 'lesson-status', role: 'status', 'aria-live': 'polite' });
  const again = element('button', { type: 'button', id: 'lesson-again', class: 'small' }, 'Set up again');
  const kicker = element('p', { class: 'lesson-kicker', id: 'lesson-kicker' }, 'Lesson');
  const nav = element('nav', { class: 'lesson-nav', 'aria-label': 'Other lessons' });
  const intro = element('section', { class: 'lesson-intro', id: 'lesson-intro', 'aria-labelledby': 'lesson-title', 'data-lesson': name },
    kicker,
    element('h2', { id: 'lesson-title' }, lesson.title),
    lesson.intro.map((text) => paragraph(text)),
    element('div', { class: 'actions lesson-setup' }, again, status),
    element('p', { class: 'hint lesson-time' }, `Setup: ${lesson.time}`),
    lesson.terms?.length ? termsLine(lesson.terms) : null,
    nav);
  main.classList.add('lesson-layout');
  main.prepend(intro);

  const notes = lesson.notes.map((note, i) => {
    const panel = $(LESSON_FIGURES[note.panel] ?? PANELS[note.panel]);
    if (note.panel in LESSON_FIGURES) panel.hidden = false;
    const id = `lesson-note-${i + 1}`;
    const section = element('section', { class: 'lesson-note', id, 'data-panel': note.panel, 'aria-labelledby': `${id}-title` },
      element('h3', { id: `${id}-title` }, note.heading),
      note.text.map((text) => paragraph(text)),
      note.try?.length ? element('ul', { class: 'lesson-tries' }, note.try.map((item, j) => tryItem(item, `${id}-try-${j + 1}`))) : null);
    panel.before(section);
    return { section, panel };
  });

  function tryItem(item, id) {
    const button = element('button', { type: 'button', class: 'try', id, 'aria-describedby': `${id}-watch` }, item.label);
    const li = element('li', { class: 'lesson-try' }, button, paragraph(item.watch, { class: 'watch', id: `${id}-watch` }));
    button.addEventListener('click', () => act(async () => {
      li.dataset.state = 'running';
      try {
        await runStep(store, actions, item);
        li.dataset.state = 'done';
      } catch (error) {
        li.dataset.state = 'failed';
        throw error;
      }
    }));
    tries.push({ li, button });
    return li;
  }

  // One lesson action at a time, and none started while a model trains: the worker does one job at a time.
  const act = (fn) => (busy || isTraining(store.state) ? undefined : exclusive(fn));

  async function exclusive(fn) {
    busy = true;
    render();
    try {
      await fn();
    } finally {
      busy = false;
      render();
    }
  }

  async function setUp(opening) {
    status.textContent = `Setting up: ${lesson.time.replace(/\.$/, '')}…`;
    try {
      await opening;
      if (lesson.setup) await runStep(store, actions, lesson.setup);
      status.textContent = READY;
    } catch (error) {
      status.textContent = `The setup did not finish: ${error.message}`;
      throw error;
    }
  }

  again.addEventListener('click', () => act(() => {
    for (const { li } of tries) delete li.dataset.state;
    resetToLink(store, link);
    return setUp(openingTraining());
  }));

  // A panel that shows only for some models (attention) takes its note along.
  const syncNotes = () => {
    for (const { section, panel } of notes) section.hidden = panel.hidden || panel.classList.contains('panel-off');
  };
  const render = () => {
    const blocked = busy || isTraining(store.state);
    again.disabled = blocked;
    for (const { button } of tries) button.disabled = blocked;
    syncNotes();
  };
  store.watch(['training', 'model'], render);
  render();

  opened.index?.then((index) => index && renderPlace(kicker, nav, index, name, fullPage));
  // The opening training is under way already: the setup waits for it.
  exclusive(() => setUp(first));
}

function termsLine(terms) {
  return element('p', { class: 'lesson-terms' },
    element('span', { class: 'lesson-terms-label' }, 'Terms: '),
    terms.flatMap(([term, zh], i) => [
      i ? ' · ' : '',
      element('span', { class: 'term' }, term), ' ', element('span', { lang: 'zh-Hans', class: 'term-zh' }, zh),
    ]));
}

// "Lesson 3 of 9", and links to the lessons before and after it.
function renderPlace(kicker, nav, index, name, fullPage) {
  const at = index.findIndex((entry) => entry.name === name);
  if (at < 0) return;
  kicker.textContent = `Lesson ${at + 1} of ${index.length}`;
  const link = (entry, rel, text) => element('a', fullPage
    ? { href: fullPage(`lesson=${entry.name}`), rel: `${rel} noopener`, target: '_blank', class: `lesson-${rel}` }
    : { href: `#lesson=${entry.name}`, rel, class: `lesson-${rel}` }, text);
  nav.replaceChildren(
    at > 0 ? link(index[at - 1], 'prev', `← ${at}. ${index[at - 1].title}`) : '',
    at < index.length - 1 ? link(index[at + 1], 'next', `${at + 2}. ${index[at + 1].title} →`) : '');
}
