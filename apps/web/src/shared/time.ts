import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import relativeTime from 'dayjs/plugin/relativeTime';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);
dayjs.extend(timezone);
dayjs.extend(relativeTime);
dayjs.locale('zh-cn');

/** Business time is Beijing time wherever the reader is (Asia/Shanghai, no daylight saving). */
export const businessZone = 'Asia/Shanghai';

export const beijingTime = (iso: string | null | undefined): string => (iso ? dayjs(iso).tz(businessZone).format('YYYY-MM-DD HH:mm') : '—');
