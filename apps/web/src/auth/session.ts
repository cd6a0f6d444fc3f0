import type { components } from '../api/schema.js';

export type Person = components['schemas']['PersonResponseDto'];

interface Session {
  token: string;
  person: Person;
  /** The token allows nothing but 修改密码 until the password is changed (a reset by an admin, the default admin). */
  mustChangePassword?: boolean;
}

/** Where the tab keeps it; a browser test logged in through the API puts its token there. */
export const sessionKey = 'tandem.session';

/**
 * The login, kept for the tab (sessionStorage): a reload keeps it, closing the tab ends it. Read through
 * `currentSession()` so a token cleared on a 401 is gone everywhere at once.
 */
export function currentSession(): Session | null {
  try {
    const raw = sessionStorage.getItem(sessionKey);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

export const saveSession = (session: Session) => sessionStorage.setItem(sessionKey, JSON.stringify(session));
export const clearSession = () => sessionStorage.removeItem(sessionKey);

/** The API refused for want of a new password: the session is kept, but only for 修改密码, until it is changed. */
export function markPasswordChangeRequired(): void {
  const session = currentSession();
  if (session) saveSession({ ...session, mustChangePassword: true });
}

/** The login page, remembering the page asked for so the person lands back on it (a task opened from a mail). */
export const loginPath = (returnTo: string) => `/login?returnTo=${encodeURIComponent(returnTo)}`;

/** 修改密码, forced or chosen, remembering the page to go on to afterwards. */
export const passwordPath = (returnTo: string) => `/password?returnTo=${encodeURIComponent(returnTo)}`;
