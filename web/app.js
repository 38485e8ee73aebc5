// The page: one playground (playground.js) mounted in the document, starting
// from what the address's hash says (link.js), or from a lesson's state
// under it when the hash names one (lesson=NAME), with the lessons listed in
// the header; inside an iframe, it also tells the page around it how tall it
// is (frame-size.js).
import { reportHeightToParent } from './frame-size.js';
import { lessonLink, loadLesson, loadLessonIndex } from './lesson-loader.js';
import { mountLessonMenu } from './lesson-menu.js';
import { readLink } from './link.js';
import { mountPlayground } from './playground.js';

const pairs = [...new URLSearchParams(location.hash.replace(/^#/, ''))];
const link = readLink(pairs);
const name = link.page.lesson;
const index = loadLessonIndex();
mountLessonMenu(document, index, name);

// A lesson that cannot be opened is said so in one line; the playground opens from the link alone.
let lesson = null;
if (name) {
  const listed = index.catch(() => null);
  try {
    lesson = { name, lesson: await loadLesson(name), index: listed };
    document.title = `${lesson.lesson.title} · LM Playground`;
  } catch (error) {
    lesson = { name, error: error.message, index: listed };
  }
}
mountPlayground(document, { link: lesson?.lesson ? lessonLink(lesson.lesson, pairs) : link, lesson });
reportHeightToParent();

// Another lesson chosen from the menu (or none) opens afresh; other changes of the hash are the page's own.
addEventListener('hashchange', () => {
  if (readLink(location.hash).page.lesson !== name) location.reload();
});
