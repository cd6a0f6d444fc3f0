import type { components } from '../api/schema.js';

export type Person = components['schemas']['PersonResponseDto'];

interface Session {
  token: string;
  person: Person;
}

const key = 'tandem.session';

/**
 * The login, kept for the tab (sessionStorage): a reload keeps it, closing the tab ends it. Read through
 * `currentSession()` so a token cleared on a 401 is gone everywhere at once.
 */
export function currentSession(): Session | null {
  try {
    const raw = sessionStorage.getItem(key);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

export const saveSession = (session: Session) => sessionStorage.setItem(key, JSON.stringify(session));
export const clearSession = () => sessionStorage.removeItem(key);

/** The login page, remembering the page asked for so the person lands back on it (a task opened from a mail). */
export const loginPath = (returnTo: string) => `/login?returnTo=${encodeURIComponent(returnTo)}`;
