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
}

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

  async call(method: string, path: string, { token, body, idempotent = false }: CallOptions = {}): Promise<Answer> {
    const baseUrl = this.baseUrls[this.turn++ % this.baseUrls.length];
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        ...(body !== undefined && { 'content-type': 'application/json' }),
        ...(token && { authorization: `Bearer ${token}` }),
        ...(idempotent && { 'idempotency-key': randomUUID() }),
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

  async login(email: string, password: string): Promise<string> {
    return (await this.ok('POST', '/auth/login', { body: { email, password } })).accessToken as string;
  }
}
