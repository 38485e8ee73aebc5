// Lessons: small JSON files in web/lessons/, listed in order by
// web/lessons/index.json ([{ name, title, line }], one line each for a menu).
// A lesson file holds:
//
//   title    what the lesson is about, as the index names it
//   time     how long its setup takes, in words ("about 20 seconds")
//   intro    paragraphs shown above the panels
//   state    where the playground starts, as link keys (link.js): options
//            (order: 6), corpus, panels, lock, hide, train. A link's own keys win.
//   setup    a step (below) run once the first model is trained
//   notes    [{ panel, heading, text: [paragraphs], try: [{ label, watch, ...step }] }]:
//            each note sits beside the panel it names (a name of PANELS or
//            LESSON_FIGURES), with its "try" buttons
//   terms    [[term, the term in Chinese]], as the course notes name them
//
// A step: { set: link keys (options and corpus), tokenizerPanel: the
// tokenizer panel's own { tokenizer, vocabSize, lowercase, subwordAlpha },
// costPanel: { maxContext }, exposurePanel: { lines, promptTokens }, run: [actions, in order] }.
// Paragraphs are text; **a term** is bold, and nothing else is markup.
//
// Everything is checked here, on load, against the option table and the
// page's names, so a lesson with a slip fails with where it is, instead of
// half-working. Left out on purpose: running the steps (lesson-run.js) and
// showing the lesson (panels/lesson.js).
import { OPTIONS } from './build/option-table.js';
import { PANELS, readLink } from './link.js';
import { checkedValue } from './options.js';
import { EXPOSURE_PANEL, TOKENIZER_PANEL_KEYS } from './store.js';

const LESSONS = new URL('./lessons/', import.meta.url);

// Panels that only lessons show, by the name notes use, and their section.
export const LESSON_FIGURES = Object.freeze({
  sweep: 'sweep-panel',
  exposure: 'exposure-panel',
});

// What a step can run, each the action of a panel's button:
//   train               step 1's Train, with the controls as they are
//   generate            Generate
//   sweep               train orders 1 to 8 for the plot (LESSON_FIGURES.sweep)
//   measure             the generation-cost panel's Measure
//   trainTokenizer      the tokenizer panel's Train tokenizer
//   sampleSegmentation  its "Sample another segmentation"
//   bestSegmentation    its "Most probable"
//   measureExposure     the exposure panel's Measure (LESSON_FIGURES.exposure)
export const ACTIONS = Object.freeze(['train', 'generate', 'sweep', 'measure', 'trainTokenizer', 'sampleSegmentation', 'bestSegmentation',
  'measureExposure']);

// The longest contexts the generation-cost panel offers (its select's choices).
const COST_CONTEXTS = [128, 256, 512];
// Keys a step may set: a step changes what the model is, never what the page shows.
const STEP_PAGE_KEYS = ['corpus'];

export class LessonError extends Error {
  constructor(message) {
    super(message);
    this.name = 'LessonError';
  }
}

// -> [{ name, title, line }] in the order of the course.
export async function loadLessonIndex() {
  const index = await fetchJson(new URL('index.json', LESSONS), 'the list of lessons');
  if (!Array.isArray(index)) throw new LessonError('the list of lessons is not a list');
  return index.map((entry, i) => {
    const where = `lesson ${i + 1} of the list`;
    if (!isLessonName(entry?.name)) throw new LessonError(`${where} has no valid name`);
    for (const key of ['title', 'line']) text(entry[key], `${where}: ${key}`);
    return { name: entry.name, title: entry.title, line: entry.line };
  });
}

// -> the lesson, checked. name: as link.js read it (lowercase letters, digits and dashes).
export async function loadLesson(name) {
  if (!isLessonName(name)) throw new LessonError(`“${String(name).slice(0, 60)}” is not a lesson name`);
  return checkLesson(await fetchJson(new URL(`${name}.json`, LESSONS), `the lesson “${name}”`));
}

// The link a lesson opens with: its state, under the keys of the address
// (pairs: [key, text], as readLink takes them), which win where both speak.
export function lessonLink(lesson, pairs = []) {
  return readLink([...entriesOf(lesson.state), ...pairs]);
}

// [key, text] pairs of an object of link keys; JSON's numbers and booleans read as a link's text.
export function entriesOf(keys = {}) {
  return Object.entries(keys).map(([key, value]) => [key, typeof value === 'boolean' ? (value ? '1' : '0') : String(value)]);
}

function isLessonName(name) {
  return typeof name === 'string' && readLink([['lesson', name]]).ignored.length === 0;
}

async function fetchJson(url, what) {
  let response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new LessonError(`${what} could not be fetched (${error.message})`);
  }
  if (response.status === 404) throw new LessonError(`there is no such lesson (${what} was not found)`);
  if (!response.ok) throw new LessonError(`${what} could not be fetched (HTTP ${response.status})`);
  try {
    return await response.json();
  } catch {
    throw new LessonError(`${what} is not valid JSON`);
  }
}

// The lesson as given, once every part is known to work; else a LessonError saying where.
export function checkLesson(lesson) {
  if (!isObject(lesson)) throw new LessonError('a lesson is an object');
  text(lesson.title, 'title');
  text(lesson.time, 'time');
  paragraphs(lesson.intro, 'intro');
  const state = checkedKeys(lesson.state, 'state', { allowed: (key) => key !== 'lesson' });
  if (lesson.setup !== undefined) checkStep(lesson.setup, 'setup');
  if (!Array.isArray(lesson.notes) || !lesson.notes.length) throw new LessonError('notes: a list of notes, one at least');
  lesson.notes.forEach((note, i) => {
    const where = `notes[${i}]`;
    if (!isObject(note)) throw new LessonError(`${where} is not an object`);
    const shown = note.panel in LESSON_FIGURES || (note.panel in PANELS && (!state.page.panels || state.page.panels.includes(note.panel)));
    if (!shown) throw new LessonError(`${where}.panel: “${note.panel}” is no panel this lesson shows`);
    text(note.heading, `${where}.heading`);
    paragraphs(note.text, `${where}.text`);
    (note.try ?? []).forEach((item, j) => {
      text(item.label, `${where}.try[${j}].label`);
      text(item.watch, `${where}.try[${j}].watch`);
      checkStep(item, `${where}.try[${j}]`);
    });
  });
  for (const [i, term] of (lesson.terms ?? []).entries()) {
    if (!Array.isArray(term) || term.length !== 2) throw new LessonError(`terms[${i}]: [term, the term in Chinese]`);
    term.forEach((t, j) => text(t, `terms[${i}][${j}]`));
  }
  return lesson;
}

function checkStep(step, where) {
  if (!isObject(step)) throw new LessonError(`${where} is not an object`);
  if (step.set !== undefined) checkedKeys(step.set, `${where}.set`, { allowed: (key) => isOption(key) || STEP_PAGE_KEYS.includes(key) });
  if (step.tokenizerPanel !== undefined) {
    for (const [key, value] of Object.entries(object(step.tokenizerPanel, `${where}.tokenizerPanel`))) {
      if (!TOKENIZER_PANEL_KEYS.includes(key)) throw new LessonError(`${where}.tokenizerPanel: “${key}” is not one of ${TOKENIZER_PANEL_KEYS.join(', ')}`);
      try {
        checkedValue(key, value);
      } catch (error) {
        throw new LessonError(`${where}.tokenizerPanel: ${error.message}`);
      }
    }
  }
  if (step.costPanel !== undefined) {
    const { maxContext, ...rest } = object(step.costPanel, `${where}.costPanel`);
    if (Object.keys(rest).length || !COST_CONTEXTS.includes(maxContext)) {
      throw new LessonError(`${where}.costPanel: only maxContext, one of ${COST_CONTEXTS.join(', ')}`);
    }
  }
  if (step.exposurePanel !== undefined) {
    for (const [key, value] of Object.entries(object(step.exposurePanel, `${where}.exposurePanel`))) {
      const range = EXPOSURE_PANEL[key];
      if (!range || !Number.isInteger(value) || value < range.min || value > range.max) {
        throw new LessonError(`${where}.exposurePanel: ${Object.entries(EXPOSURE_PANEL).map(([k, r]) => `${k} (${r.min} to ${r.max})`).join(' and ')} only`);
      }
    }
  }
  for (const action of list(step.run ?? [], `${where}.run`)) {
    if (!ACTIONS.includes(action)) throw new LessonError(`${where}.run: “${action}” is not one of ${ACTIONS.join(', ')}`);
  }
}

// The keys read as a link reads them: every one must be understood.
function checkedKeys(keys, where, { allowed }) {
  const entries = entriesOf(object(keys, where));
  const refused = entries.find(([key]) => !allowed(key));
  if (refused) throw new LessonError(`${where}: “${refused[0]}” cannot be set here`);
  const link = readLink(entries);
  if (link.ignored.length) throw new LessonError(`${where}: ${link.ignored.map(({ key, why }) => `“${key}” ${why}`).join('; ')}`);
  return link;
}

function isOption(key) {
  return OPTIONS.some((option) => option.key === key);
}

function isObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function object(value, where) {
  if (!isObject(value)) throw new LessonError(`${where} is not an object`);
  return value;
}

function list(value, where) {
  if (!Array.isArray(value)) throw new LessonError(`${where} is not a list`);
  return value;
}

function text(value, where) {
  if (typeof value !== 'string' || !value.trim()) throw new LessonError(`${where}: some text is needed`);
  return value;
}

function paragraphs(value, where) {
  if (!Array.isArray(value) || !value.length) throw new LessonError(`${where}: a list of paragraphs`);
  value.forEach((p, i) => text(p, `${where}[${i}]`));
}

// What a playground opens with, from its link's keys (a hash, an element's
// attributes): the link itself, or, when it names a lesson, the lesson's
// state under the link's own keys and the lesson for its panel. A lesson that
// cannot be loaded comes back with its error: the playground opens from the
// link alone and says so in one line.
// -> { link, lesson: null | { name, lesson, index } | { name, error, index } }
export async function openingOf(pairs) {
  const link = readLink(pairs);
  const name = link.page.lesson;
  if (!name) return { link, lesson: null };
  const index = loadLessonIndex().catch(() => null);
  try {
    const lesson = await loadLesson(name);
    return { link: lessonLink(lesson, pairs), lesson: { name, lesson, index } };
  } catch (error) {
    return { link, lesson: { name, error: error.message, index } };
  }
}
