import { randomUUID } from 'node:crypto';

export interface Answer {
  status: number;
  body: any;
}

export interface CallOptions {
  token?: string;
  body?: unknown;
  /** Commands carry one, as a careful client does, so a retry could never act twice. */
  idempotent?: boolean;
  /** The key to send (a retry sends the first attempt's); a fresh one when not given. */
  key?: string;
}

/** How often untimed set-up retries a command the API asked to be retried (a shared machine can be slow). */
const setupRetries = 10;

/**
 * Node's fetch (undici), whose global agent keeps connections alive: after the warm-up a request pays no TCP
 * handshake, as from a browser or a gateway. Given several API instances (the cluster's), each call goes to the
 * next in turn, as a load balancer in front of them would send it.
 */
export class Api {
  private readonly baseUrls: string[];
  private turn = 0;

  constructor(...baseUrls: string[]) {
    if (baseUrls.length === 0) throw new Error('Api needs at least one base URL');
    this.baseUrls = baseUrls;
  }

  async call(method: string, path: string, { token, body, idempotent = false, key }: CallOptions = {}): Promise<Answer> {
    const baseUrl = this.baseUrls[this.turn++ % this.baseUrls.length];
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        ...(body !== undefined && { 'content-type': 'application/json' }),
        ...(token && { authorization: `Bearer ${token}` }),
        ...(idempotent && { 'idempotency-key': key ?? randomUUID() }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  }

  /** The body of a 2xx answer; anything else throws with the status and body, which say what went wrong. */
  async ok(method: string, path: string, options: CallOptions = {}): Promise<any> {
    const answer = await this.call(method, path, options);
    if (answer.status >= 300) throw new Error(`${method} ${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return answer.body;
  }

  /**
   * A set-up command (untimed) sent as a careful client does: a 503 or 409 with Retry-After (the API could not confirm
   * it in time, or the first attempt is still running) is sent again with the same Idempotency-Key, so it acts once.
   */
  async settled(method: string, path: string, options: CallOptions = {}): Promise<any> {
    const key = options.key ?? randomUUID();
    for (let attempt = 1; ; attempt++) {
      const response = await this.call(method, path, { ...options, idempotent: true, key });
      const retry = (response.status === 503 || response.status === 409) && attempt < setupRetries;
      if (response.status < 300 || !retry) {
        if (response.status >= 300) throw new Error(`${method} ${path} answered ${response.status}: ${JSON.stringify(response.body)}`);
        return response.body;
      }
      await new Promise((r) => setTimeout(r, 1_000));
    }
  }

  async login(email: string, password: string): Promise<string> {
    return (await this.ok('POST', '/auth/login', { body: { email, password } })).accessToken as string;
  }
}
