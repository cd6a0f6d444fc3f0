import type { Notice } from './api';

export const isUnread = (n: Notice): boolean => n.readAt === null;

/** 抄送我的: the outcomes of requests someone copied me in on. */
export const isCc = (n: Notice): boolean => n.kind === 'approval_cc';

export const unreadCount = (notices: readonly Notice[] | undefined, only: (n: Notice) => boolean = () => true): number =>
  (notices ?? []).filter((n) => isUnread(n) && only(n)).length;
