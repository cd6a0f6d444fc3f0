import { readFileSync } from 'node:fs';
import { accessModel } from '../support/access-model.js';

/**
 * Issue 12: the README, read as a newcomer, named too few operations. Every route the router serves has a line in
 * the access model (the access matrix fails otherwise), and the README names each one, as `METHOD /path` with its
 * parameters written `:id` or `{id}`, with or without the /api prefix.
 */
describe('the README', () => {
  it('names every operation the API serves', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const unnamed = Object.keys(accessModel).filter((route) => {
      const [method, path] = route.split(' ');
      const braced = path.replace(/:([A-Za-z]+)/g, '{$1}');
      return ![path, braced].some((p) => readme.includes(`${method} ${p}`) || readme.includes(`${method} /api${p}`));
    });
    expect(unnamed).toEqual([]);
  });
});
