// The header's "Lessons" menu: one link a lesson (#lesson=NAME), in the
// order of web/lessons/index.json, the one open marked as the current page.
// A list that cannot be read leaves one line saying so; the page works on.
import { byIdIn } from './ui/dom.js';
import { element } from './ui/element.js';

// index: a promise of the lesson list (lesson-loader.js: loadLessonIndex). current: the open lesson's name, if any.
export async function mountLessonMenu(root, index, current) {
  const $ = byIdIn(root);
  const list = $('lessons-list');
  closesLikeAMenu($('lessons-menu'), root);
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

// A disclosure that closes as a menu does: on Escape (focus back on its
// summary) and on a click anywhere outside it.
function closesLikeAMenu(details, root) {
  details.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape' || !details.open) return;
    details.open = false;
    details.querySelector('summary').focus();
  });
  root.addEventListener('click', (event) => {
    if (details.open && !event.composedPath().includes(details)) details.open = false;
  });
}
