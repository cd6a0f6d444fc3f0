import { formatBeijingTime } from '../../libs/domain/index.js';

describe(formatBeijingTime.name, () => {
  it.each<[string | number | null | undefined, string]>([
    ['2026-04-15T09:30:00Z', '2026/04/15 17:30'],
    ['2026-04-15T17:30:00+08:00', '2026/04/15 17:30'],
    [Date.parse('2026-04-15T09:30:00Z'), '2026/04/15 17:30'],
    // Midnight must read 00:00, not 24:00, and carry the date forward.
    ['2026-12-31T16:00:00Z', '2027/01/01 00:00'],
    ['2026-12-31T16:30:00Z', '2027/01/01 00:30'],
    [null, '—'],
    [undefined, '—'],
    ['', '—'],
    ['not a date', 'not a date'],
  ])('formats %p as %p in Beijing time, whatever zone the server runs in', (input, expected) => {
    expect(formatBeijingTime(input, 'slashed')).toBe(expected);
  });

  it("writes the console's minutes, the audit timeline's seconds and the mail's slashes from the same instant", () => {
    const at = Date.parse('2026-11-29T08:30:05Z');
    expect([formatBeijingTime(at), formatBeijingTime(at, 'second'), formatBeijingTime(new Date(at), 'slashed')]).toEqual([
      '2026-11-29 16:30',
      '2026-11-29 16:30:05',
      '2026/11/29 16:30',
    ]);
  });
});
