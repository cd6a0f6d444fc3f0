import { DomainError, durationMs, type Duration } from '../../libs/domain/index.js';

const thrownBy = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return 'nothing thrown';
};

describe(durationMs.name, () => {
  it.each<[Duration, number]>([
    ['500ms', 500],
    ['3s', 3_000],
    ['10m', 600_000],
    ['2h', 7_200_000],
    ['5d', 432_000_000],
    ['0s', 0],
    ['1.5s', 1_500],
    ['0.5d', 43_200_000],
    [' 2h ', 7_200_000],
    ['2 h', 7_200_000],
    ['0.0015s', 2],
    [250, 250],
    [0, 0],
    [1.5, 1.5],
  ])('reads %p as %p ms', (input, expected) => {
    expect(durationMs(input)).toBe(expected);
  });

  it.each<[string, unknown]>([
    ['an empty string', ''],
    ['a word', 'soon'],
    ['a unit it does not know', '3 weeks'],
    ['weeks', '2w'],
    ['an upper-case unit, where M could mean months', '3M'],
    ['a negative string', '-1s'],
    ['a number without a unit', '30'],
    ['exponent notation', '1e3ms'],
    ['a negative number', -1],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['null from a JSON document', null],
  ])('rejects %s with INVALID_INPUT and a message showing the accepted forms', (_, input) => {
    const error = thrownBy(() => durationMs(input as Duration));
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'INVALID_INPUT', message: `「${String(input)}」不是有效的时长，应写作 500ms、3s、10m、2h 或 5d 这样的形式` });
  });
});
