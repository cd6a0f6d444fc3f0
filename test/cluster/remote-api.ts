import request from 'supertest';
import { ok, type ApiAs, type ApiHarness } from '../support/api.js';

/**
 * The e2e harness's `as` and `login` (test/support/api.ts) over real HTTP to several API instances: each request
 * goes to the next live one in turn, as a round-robin load balancer would send it.
 */
export interface RemoteApi extends Pick<ApiHarness, 'as' | 'login'> {
  /** Takes an instance out of the rotation (it is being stopped). */
  retire(baseUrl: string): void;
  /** How many requests each instance answered. */
  served: Map<string, number>;
}

export function remoteApi(baseUrls: string[]): RemoteApi {
  const live = [...baseUrls];
  const served = new Map(baseUrls.map((url) => [url, 0]));
  let next = 0;
  const pick = () => {
    const url = live[next++ % live.length];
    served.set(url, (served.get(url) ?? 0) + 1);
    // Supertest takes a server's address; the paths are relative to the JSON API's base.
    const agent = request(url.replace(/\/api$/, ''));
    return { get: (path: string) => agent.get(`/api${path}`), post: (path: string) => agent.post(`/api${path}`), put: (path: string) => agent.put(`/api${path}`) };
  };
  const withKey = (req: request.Test, key: string | undefined) => (key ? req.set('idempotency-key', key) : req);
  const as = (token: string | null): ApiAs => {
    const auth = <T extends request.Test>(req: T): T => (token ? (req.set('authorization', `Bearer ${token}`) as T) : req);
    return {
      get: (path) => auth(pick().get(path)),
      post: (path, body = {}, options = {}) => withKey(auth(pick().post(path)), options.idempotencyKey).send(body),
      put: (path, body) => auth(pick().put(path)).send(body as object),
      upload: () => {
        throw new Error('no uploads in the cluster test');
      },
    };
  };
  return {
    as,
    login: async (email, password) => ok(await pick().post('/auth/login').send({ email, password })).accessToken as string,
    retire: (baseUrl) => live.splice(live.indexOf(baseUrl), 1),
    served,
  };
}
