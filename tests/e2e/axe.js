// An accessibility audit of a playwright page with axe-core, for any e2e test
// (the page's own, and lessons that reuse it): axe is injected into the page
// once, runs on the whole document or on part of it, and what comes back is
// the violations a person is stopped by, impact serious or critical. Minor and
// moderate ones are left to review: they are often judgement calls, and a test
// that fails on them would be switched off rather than read.
//
// axe looks into open shadow roots by itself, so a page mounted inside a
// custom element is audited the same way.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const axe = createRequire(import.meta.url)('axe-core');

export const BLOCKING_IMPACTS = ['serious', 'critical'];

// Rules axe leaves off that the page is held to: targets of 24 px at least, or
// spaced as if they were (WCAG 2.2, 2.5.8), since lessons are read on phones.
const RULES_ON = { 'target-size': { enabled: true } };

// context: what to audit, as axe takes it (a CSS selector, an element handle,
// or { include, exclude }); the whole document by default. options: axe's run
// options; options.rules are added to RULES_ON (e.g. { 'color-contrast': { enabled: false } }
// for a state whose colours are checked elsewhere).
// Returns [{ id, impact, help, helpUrl, targets: [{ target, summary }] }].
export async function seriousViolations(page, { context = null, options = {} } = {}) {
  if (!(await page.evaluate(() => Boolean(globalThis.axe)))) await page.addScriptTag({ content: axe.source });
  const run = { ...options, rules: { ...RULES_ON, ...options.rules }, resultTypes: ['violations'] };
  const violations = await page.evaluate(
    async ([context, run]) => (await globalThis.axe.run(context ?? document, run)).violations,
    [context, run],
  );
  return violations
    .filter((v) => BLOCKING_IMPACTS.includes(v.impact))
    .map((v) => ({
      id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
      targets: v.nodes.map((n) => ({ target: n.target.flat().join(' >>> '), summary: n.failureSummary ?? '' })),
    }));
}

// One paragraph per rule: rule, impact and help, then each element at fault
// with what axe says is wrong with it.
export function describeViolations(violations) {
  return violations.map((v) => [
    `${v.id} (${v.impact}): ${v.help} <${v.helpUrl}>`,
    ...v.targets.map(({ target, summary }) => `  - ${target}\n      ${summary.replace(/\n/g, '\n      ')}`),
  ].join('\n')).join('\n\n');
}

// Fails with the list above when axe finds a serious or critical violation;
// what: the state audited, for the message ("the page at 375 px after training").
export async function assertAccessible(page, what, audit = {}) {
  const violations = await seriousViolations(page, audit);
  assert.ok(violations.length === 0,
    `${what}: ${violations.length} serious or critical accessibility violation${violations.length === 1 ? '' : 's'}\n\n${describeViolations(violations)}`);
}
