import { randomUUID } from 'node:crypto';

/** One HTTP exchange as the client saw it: what the harness reports per outage. */
export interface Exchange {
  /** ms since the epoch, when the request was sent. */
  at: number;
  ms: number;
  /** Method and route pattern, e.g. `POST /tasks/:id/decision`. */
  route: string;
  /** The HTTP status, or what happened instead of one. */
  status: number | 'timeout' | 'refused';
  retryAfter: string | null;
  /** A probe of the harness's own (reads, login, health), not a step of a launch. */
  probe: boolean;
}

export interface Reply {
  status: number;
  body: any;
  retryAfter: string | null;
}

export interface Send {
  token?: string;
  body?: unknown;
  /** Sent as `Idempotency-Key`, the same on every retry of one command. */
  key?: string;
  probe?: boolean;
}

/** A command the client gave up on: the launch it belonged to is reported as not completed, with this reason. */
export class GaveUp extends Error {}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A careful API client: every request has a deadline; a timeout, a refused connection (the API restarting), a 5xx
 * or a 429 is retried with the same Idempotency-Key, after Retry-After when the answer gives one (at most 10 s),
 * else after a short growing pause; until `giveUpAt`. Every exchange is recorded.
 */
export class ChaosClient {
  readonly exchanges: Exchange[] = [];

  constructor(
    private readonly baseUrl: string,
    private readonly timeoutMs: number,
    private readonly giveUpAt: number,
  ) {}

  async once(method: string, path: string, route: string, { token, body, key, probe = false }: Send = {}): Promise<Reply | null> {
    const at = Date.now();
    const record = (status: Exchange['status'], retryAfter: string | null) =>
      this.exchanges.push({ at, ms: Date.now() - at, route: `${method} ${route}`, status, retryAfter, probe });
    try {
      const response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: {
          ...(body !== undefined && { 'content-type': 'application/json' }),
          ...(token && { authorization: `Bearer ${token}` }),
          ...(key && { 'idempotency-key': key }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      const text = await response.text();
      const retryAfter = response.headers.get('retry-after');
      record(response.status, retryAfter);
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        // not JSON (a proxy's page): kept as text for the message
      }
      return { status: response.status, body: parsed, retryAfter };
    } catch (error) {
      const name = (error as Error).name;
      record(name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'refused', null);
      return null;
    }
  }

  /**
   * Until a 2xx or a 4xx other than 429 (returned as is); throws GaveUp past the run's deadline. A 409 with Retry-After
   * is the API saying the first request with this key is still running (a retry after a timeout): asked again later,
   * as the Idempotency-Key draft has clients do, it gets that request's answer.
   */
  async persist(method: string, path: string, route: string, send: Send = {}): Promise<Reply> {
    const key = send.key ?? (method === 'GET' ? undefined : randomUUID());
    for (let attempt = 1; ; attempt++) {
      const reply = await this.once(method, path, route, { ...send, key });
      const stillRunning = reply?.status === 409 && reply.retryAfter !== null;
      if (reply && reply.status < 500 && reply.status !== 429 && !stillRunning) return reply;
      const pause = reply?.retryAfter && Number(reply.retryAfter) > 0 ? Math.min(10, Number(reply.retryAfter)) * 1000 : Math.min(5_000, 250 * attempt);
      if (Date.now() + pause > this.giveUpAt) {
        throw new GaveUp(`${method} ${route}: still ${reply ? `answering ${reply.status}` : 'not answering'} after ${attempt} attempts when the run's time ran out`);
      }
      await sleep(pause);
    }
  }

  /** The body of a 2xx; any other final answer throws GaveUp with the status and body. */
  async ok(method: string, path: string, route: string, send: Send = {}): Promise<any> {
    const reply = await this.persist(method, path, route, send);
    if (reply.status >= 300) throw new GaveUp(`${method} ${route} answered ${reply.status}: ${JSON.stringify(reply.body)}`);
    return reply.body;
  }
}
