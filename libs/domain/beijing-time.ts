/**
 * Business time is Beijing time, whatever zone the server, the worker or the reader is in. It has had no daylight
 * saving since 1991: a fixed +08:00, so plain arithmetic gives it (no time-zone data, in Node and in the browser).
 * Imports nothing, so the console can load it too.
 */
export const beijingOffsetMs = 8 * 3_600_000;

/**
 * How a time is written: `minute` "2026-04-15 17:30" (the console), `second` "2026-04-15 17:30:05" (audit timelines,
 * where steps seconds apart must read apart), `slashed` "2026/04/15 17:30" (mail and the ledger's CSV).
 */
export type BeijingTimeStyle = 'minute' | 'second' | 'slashed';

/** An instant in Beijing time; '—' for none, and an unreadable value as it came rather than "Invalid Date". */
export function formatBeijingTime(at: string | number | Date | null | undefined, style: BeijingTimeStyle = 'minute'): string {
  if (at === null || at === undefined || at === '') return '—';
  const ms = new Date(at).getTime();
  if (Number.isNaN(ms)) return String(at);
  // "2026-04-15T17:30:05.000Z", shifted so its fields read as Beijing's wall clock.
  const wall = new Date(ms + beijingOffsetMs).toISOString();
  const date = wall.slice(0, 10);
  switch (style) {
    case 'minute':
      return `${date} ${wall.slice(11, 16)}`;
    case 'second':
      return `${date} ${wall.slice(11, 19)}`;
    case 'slashed':
      return `${date.replaceAll('-', '/')} ${wall.slice(11, 16)}`;
  }
}
