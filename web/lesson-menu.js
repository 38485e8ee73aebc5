// The header's "Lessons" menu: one link a lesson (#lesson=NAME), in the
// order of web/lessons/index.json, the one open marked as the current page.
// A list that cannot be read leaves one line saying so; the page works on.
import { byIdIn } from './ui/dom.js';
import { element } from './ui/element.js';

// index: a promise of the lesson list (lesson-loader.js: loadLessonIndex). current: the open lesson's name, if any.
export async function mountLessonMenu(root, index, current) {
  const list = byIdIn(root)('lessons-list');
  let lessons;
  try {
    lessons = await index;
  } catch (error) {
    list.replaceChildren(element('li', { class: 'hint' }, `The lessons could not be listed: ${error.message}.`));
    return;
  }
  list.replaceChildren(...lessons.map(({ name, title, line }) => element('li', {},
    element('a', { href: `#lesson=${name}`, 'aria-current': name === current ? 'page' : false }, title),
    element('span', { class: 'lesson-line' }, line))));
}
