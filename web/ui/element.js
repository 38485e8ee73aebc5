// One HTML element with its attributes and children, for the parts of the
// page built in script (a lesson's notes). Children that are strings become
// text nodes: nothing given here is ever read as markup.
export function element(tag, attributes = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    el.setAttribute(key, value === true ? '' : String(value));
  }
  el.append(...children.flat().filter((child) => child !== null && child !== undefined && child !== false));
  return el;
}
