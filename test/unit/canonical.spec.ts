import fc from 'fast-check';
import { canonicalJson } from '../../libs/domain/index.js';

/** The same value with the keys of every object inserted in reverse order. */
const reversedKeys = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reversedKeys(v)]));
};

describe(canonicalJson.name, () => {
  it('writes the same text whatever order the keys were added in', () => {
    expect(canonicalJson({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
    expect(canonicalJson({ a: 2, b: 1 })).toBe('{"a":2,"b":1}');
  });

  it('sorts keys at every depth, inside arrays too, and keeps array order', () => {
    expect(canonicalJson({ z: [3, { y: 2, x: 1 }, [{ d: 1, c: 2 }]], a: { c: { f: 1, e: 2 }, b: null } })).toBe(
      '{"a":{"b":null,"c":{"e":2,"f":1}},"z":[3,{"x":1,"y":2},[{"c":2,"d":1}]]}',
    );
  });

  it('drops keys whose value is undefined, as JSON.stringify does', () => {
    expect(canonicalJson({ a: undefined, b: { c: undefined, d: 1 } })).toBe('{"b":{"d":1}}');
  });

  it('writes undefined inside an array, and on its own, as null', () => {
    expect(canonicalJson([undefined, 1])).toBe('[null,1]');
    expect(canonicalJson(undefined)).toBe('null');
  });

  it('writes dates as ISO instants, at any depth', () => {
    const at = new Date('2026-04-15T17:30:00+08:00');
    expect(canonicalJson({ at, list: [at] })).toBe('{"at":"2026-04-15T09:30:00.000Z","list":["2026-04-15T09:30:00.000Z"]}');
  });

  it('escapes strings and keeps Chinese text as it is', () => {
    expect(canonicalJson({ 意见: '目标请"量化"\n' })).toBe('{"意见":"目标请\\"量化\\"\\n"}');
  });

  it('writes any JSON value as the same data, whatever its key order (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
        expect(canonicalJson(reversedKeys(value))).toBe(text);
      }),
      { numRuns: 1_000 },
    );
  });
});
