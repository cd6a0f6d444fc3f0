import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import relativeTime from 'dayjs/plugin/relativeTime';
import { formatBeijingTime } from '../../../../libs/domain/beijing-time';

dayjs.extend(relativeTime);
dayjs.locale('zh-cn');

/**
 * "2026-04-15 17:30" in Beijing time wherever the reader is: the one formatter the API's mail, ledger and audit
 * timeline use too (fixed +08:00 arithmetic, no time-zone data in the bundle).
 */
export { formatBeijingTime as beijingTime };

/** Today's date ("2026-04-15") in Beijing, the day a form defaults to. */
export const beijingToday = (): string => formatBeijingTime(new Date()).slice(0, 10);
