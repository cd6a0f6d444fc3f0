import { DomainError } from './errors.js';

/**
 * A span of time as policy data: milliseconds, or a string such as '500ms', '3s', '10m', '2h', '5d'.
 * Policies are edited by people and stored as JSON, so the readable form is the usual one.
 */
export type Duration = number | string;

const unitMs: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export function durationMs(value: Duration): number {
  if (typeof value === 'number') {
    if (Number.isFinite(value) && value >= 0) return value;
  } else {
    const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)\s*$/.exec(value);
    if (match) return Math.round(Number(match[1]) * unitMs[match[2]]);
  }
  throw new DomainError('INVALID_INPUT', `「${String(value)}」不是有效的时长，应写作 500ms、3s、10m、2h 或 5d 这样的形式`);
}

/** For policy validation: the problem with a duration field, named, or nothing. */
export function durationErrors(value: unknown, field: string): string[] {
  try {
    durationMs(value as Duration);
    return [];
  } catch {
    return [`${field} 应为时长，例如 3s、10m、2h 或 5d（秒、分钟、小时、天）`];
  }
}
