import type { NoticeDelivery } from '../libs/domain/index.js';

export interface NoticeSweepInput {
  /** Retry waits and the bound; the defaults unless a schedule says otherwise (second-scale in tests). */
  delivery?: Partial<NoticeDelivery>;
  /** Notices tried in one run at most; the rest wait for the next run. */
  batch?: number;
}
