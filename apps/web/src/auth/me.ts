import { currentSession } from './session';

/** Whether a piece of work is the logged-in person's own: others may read it, only they may do it. */
export const isMine = (assigneeId: string): boolean => currentSession()?.person.id === assigneeId;
