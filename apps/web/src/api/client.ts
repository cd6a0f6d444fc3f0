import createClient, { type Middleware } from 'openapi-fetch';
import { clearSession, currentSession, loginPath, markPasswordChangeRequired, passwordPath } from '../auth/session';
import { ApiError, type ErrorCode } from './errors';
import type { paths } from './schema';

interface ErrorBody {
  code?: ErrorCode;
  message?: string | string[];
}

const here = () => `${window.location.pathname}${window.location.search}`;

/** The refusal code of an answer, read from a copy so the caller still gets the body. */
async function codeOf(response: Response): Promise<ErrorCode | undefined> {
  try {
    return ((await response.clone().json()) as ErrorBody).code;
  } catch {
    return undefined;
  }
}

/**
 * The one client: the bearer token on every request; an expired or refused login (401 anywhere but the login
 * itself) ends the session and goes to the login page, which brings the person back here after. A password that
 * must be changed first (403 PASSWORD_CHANGE_REQUIRED) goes to 修改密码, which does the same.
 */
const auth: Middleware = {
  onRequest({ request }) {
    const session = currentSession();
    if (session) request.headers.set('authorization', `Bearer ${session.token}`);
    return request;
  },
  async onResponse({ request, response }) {
    if (response.status === 401 && !new URL(request.url).pathname.endsWith('/auth/login')) {
      clearSession();
      window.location.assign(loginPath(here()));
    } else if (response.status === 403 && (await codeOf(response)) === 'PASSWORD_CHANGE_REQUIRED') {
      markPasswordChangeRequired();
      window.location.assign(passwordPath(here()));
    }
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: window.location.origin });
api.use(auth);

/** The data of a 2xx answer; anything else thrown as an ApiError carrying the refusal code and the person-facing words. */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (response.ok) return data as T;
  const body = (error ?? {}) as ErrorBody;
  const reasons = Array.isArray(body.message) ? body.message : body.message ? [body.message] : [];
  throw new ApiError(response.status, body.code, reasons);
}

/** A key for one action, made when its dialog opens and reused if the person retries: a retry never acts twice. */
export const newIdempotencyKey = () => crypto.randomUUID();
