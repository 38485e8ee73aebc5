// The README's lists for teachers say what the code does: every key a link
// may hold is in its table of keys, and every lesson in its table of lessons.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { LINK_KEYS } from '../../web/link.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const section = (heading) => {
  const start = readme.indexOf(`\n### ${heading}\n`);
  assert.ok(start >= 0, `the README has a section ${heading}`);
  const end = readme.indexOf('\n### ', start + 1);
  return readme.slice(start, end < 0 ? undefined : end);
};

test('the table of keys names every key a link may hold', () => {
  const links = section('Links');
  for (const key of LINK_KEYS) assert.match(links, new RegExp(`\`${key}\``), `the key ${key}`);
});

test('the table of lessons names every lesson, in the order of the list', () => {
  const index = JSON.parse(readFileSync(new URL('../../web/lessons/index.json', import.meta.url), 'utf8'));
  const named = [...section('Lessons').matchAll(/`#lesson=([a-z0-9-]+)`/g)].map((m) => m[1]);
  assert.deepEqual(named, index.map((entry) => entry.name));
});
