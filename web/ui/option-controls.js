// The controls that set an option carry data-option="<key>"; this dresses
// them from the option table at start-up and ties them to the store. A number
// field gets the table's min, max and step, a slider the narrower span of
// presets.js with the table's step, a select the table's choices under the
// page's display names, and every one the option's help as its tooltip.
// index.html gives only structure and labels, so no number is written twice.
import { lowestAllowed, optionOf } from '../options.js';
import { CHOICE_NAMES, SLIDER_SPANS } from '../presets.js';
import { bindControl } from './bind.js';

// Once, before the panels bind their controls (a select needs its options first).
export function dressOptionControls(root = document) {
  for (const control of root.querySelectorAll('[data-option]')) {
    const option = optionOf(control.dataset.option);
    control.title = option.help;
    if (control.id) {
      for (const label of root.querySelectorAll(`label[for="${control.id}"]`)) label.title = option.help;
    }
    if (control.tagName === 'SELECT') {
      control.replaceChildren(...choicesOf(option).map(([value, name]) => new Option(name, value)));
    } else if (control.type === 'range') {
      setSpan(control, { ...SLIDER_SPANS[option.key] ?? { min: option.min, max: option.max }, step: option.step });
    } else if (control.type === 'number') {
      setSpan(control, { min: lowestAllowed(option), max: option.max, step: option.step });
    }
  }
}

// [value, display name] of each value a select offers: the table's choices,
// or every value of an integer's range, step by step (the n-gram order).
export function choicesOf(option) {
  const values = option.type === 'choice' ? option.choices : stepsOf(option);
  return values.map((value) => [String(value), CHOICE_NAMES[option.key]?.[value] ?? String(value)]);
}

function stepsOf({ min, max, step }) {
  return Array.from({ length: Math.floor((max - min) / step) + 1 }, (_, i) => min + i * step);
}

function setSpan(control, { min, max, step }) {
  control.min = String(min);
  control.max = String(max);
  control.step = String(step);
}

// { key: control } of the controls inside root, each bound to store[section][key].
// presets: { key: (value) => fields } written along when that control changes (a family's sizes).
export function bindOptionControls(store, section, root, presets = {}) {
  const controls = {};
  for (const control of root.querySelectorAll('[data-option]')) {
    const option = optionOf(control.dataset.option);
    controls[option.key] = control;
    bindControl(store, control, section, option.key, {
      parse: control.tagName === 'SELECT' && option.type === 'integer' ? Number : null,
      presetOf: presets[option.key] ?? null,
    });
  }
  return controls;
}
