import { createRequire } from 'node:module';
import type { CalendarData } from '../domain/index.js';

interface Published {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

/**
 * The State Council's holiday arrangements as the `chinese-days` package publishes them (its data file, not its
 * date functions, which read the process's zone). A year counts as covered when the package lists a holiday in
 * it: every published year has New Year's Day, and a year not yet announced has nothing at all.
 */
export function publishedCalendar(): CalendarData {
  const data = createRequire(import.meta.url)('chinese-days/dist/chinese-days.json') as Published;
  const holidays = new Set(Object.keys(data.holidays));
  return {
    holidays,
    workdays: new Set(Object.keys(data.workdays)),
    coveredYears: new Set([...holidays].map((date) => Number(date.slice(0, 4)))),
  };
}
