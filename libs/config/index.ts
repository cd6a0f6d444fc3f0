import { durationMs } from '../domain/index.js';

/**
 * Environment, parsed once into a frozen, typed object. A bad start names every wrong variable at once,
 * because fixing them one restart at a time wastes an operator's morning.
 */
export interface Config {
  production: boolean;
  databaseUrl: string;
  temporal: { address: string; namespace: string; taskQueue: string };
  smtp: { host: string; port: number; secure: boolean; user: string | null; password: string | null; from: string };
  /** `consoleDir`: the built console (apps/web/dist) the API serves at `/`. */
  api: { port: number; jwtSecret: string; jwtTtlSeconds: number; consoleDir: string };
  admin: { email: string; password: string; name: string };
  /** How long a call to a dependency may take before the caller gives up: an outage then answers 503, never a hang. */
  deadlines: { temporalMs: number; databaseConnectMs: number; databaseQueryMs: number };
  /** The worker's readiness endpoint; null when none is wanted (several workers on one host). */
  worker: { healthPort: number | null };
  /** Where people open the console (no trailing slash): mails link to the exact page under it. */
  publicUrl: string;
}

interface VariableSpec {
  description: string;
  sensitive: boolean;
  /** Used when the variable is unset; `undefined` makes it required. `production: undefined` requires it there. */
  default?: string;
  production?: 'required';
}

export const variables = {
  DATABASE_URL: { description: 'PostgreSQL connection URL of the records database', sensitive: true },
  TEMPORAL_ADDRESS: { description: 'Temporal frontend host:port', sensitive: false, default: '127.0.0.1:7233' },
  TEMPORAL_NAMESPACE: { description: 'Temporal namespace', sensitive: false, default: 'default' },
  TEMPORAL_TASK_QUEUE: { description: 'Task queue the workers poll', sensitive: false, default: 'tandem' },
  SMTP_HOST: { description: 'SMTP server host', sensitive: false, default: '127.0.0.1' },
  SMTP_PORT: { description: 'SMTP server port', sensitive: false, default: '1025' },
  SMTP_SECURE: { description: 'true for implicit TLS (port 465)', sensitive: false, default: 'false' },
  SMTP_USER: { description: 'SMTP user name, if the server needs one', sensitive: false, default: '' },
  SMTP_PASSWORD: { description: 'SMTP password', sensitive: true, default: '' },
  MAIL_FROM: { description: 'Sender of notices', sensitive: false, default: 'Tandem 党建载体 <tandem@localhost>' },
  API_PORT: { description: 'HTTP port of the API', sensitive: false, default: '3000' },
  CONSOLE_DIR: { description: 'Folder of the built console the API serves at / (relative to the working directory)', sensitive: false, default: 'apps/web/dist' },
  JWT_SECRET: {
    description: 'Secret that signs login tokens (required in production)',
    sensitive: true,
    default: 'tandem-development-only-secret',
    production: 'required',
  },
  JWT_TTL: { description: 'Lifetime of a login token, e.g. 30m, 12h or 7d', sensitive: false, default: '12h' },
  ADMIN_EMAIL: { description: 'E-mail of the admin account created on first start', sensitive: false, default: 'admin@tandem.local' },
  ADMIN_PASSWORD: {
    description: 'Password of that admin account (required in production)',
    sensitive: true,
    default: 'tandem-admin',
    production: 'required',
  },
  ADMIN_NAME: { description: 'Display name of that admin account', sensitive: false, default: '系统管理员' },
  TEMPORAL_TIMEOUT: {
    description: 'Deadline of each Temporal call of the API, e.g. 10s; a command not confirmed by then answers 503 and is retried with the same Idempotency-Key',
    sensitive: false,
    default: '10s',
  },
  DATABASE_CONNECT_TIMEOUT: { description: 'Longest wait for a Postgres connection (new or from the pool), e.g. 3s', sensitive: false, default: '3s' },
  DATABASE_QUERY_TIMEOUT: { description: 'Longest a Postgres statement may run or wait for its answer, e.g. 10s', sensitive: false, default: '10s' },
  PUBLIC_URL: {
    description: 'Address people open the console at, e.g. https://tandem.example.com; mails link to the exact page under it (default: http://127.0.0.1:API_PORT)',
    sensitive: false,
    default: '',
  },
  WORKER_HEALTH_PORT: { description: 'Port of the worker readiness endpoint (GET /health/ready); unset: none', sensitive: false, default: '' },
} satisfies Record<string, VariableSpec>;

type Name = keyof typeof variables;

/** Reads variables against their specs, collecting every problem, so a bad start names them all at once. */
function readerOf(env: NodeJS.ProcessEnv) {
  const production = env.NODE_ENV === 'production';
  const errors: string[] = [];
  const read = (name: Name): string => {
    const spec: VariableSpec = variables[name];
    const value = env[name];
    if (value !== undefined && value !== '') return value;
    if (spec.default === undefined || (production && spec.production === 'required')) {
      errors.push(`${name} is required (${spec.description})`);
      return '';
    }
    return spec.default;
  };
  const port = (name: Name): number => {
    const raw = read(name);
    const n = Number(raw);
    if (raw !== '' && !(Number.isInteger(n) && n > 0 && n < 65536)) errors.push(`${name} must be a port number, got "${raw}"`);
    return n;
  };
  const bool = (name: Name): boolean => {
    const raw = read(name);
    if (raw !== 'true' && raw !== 'false') errors.push(`${name} must be true or false, got "${raw}"`);
    return raw === 'true';
  };
  /** A duration in milliseconds, or undefined when the value is none (reported by the caller, with the others). */
  const parsedMs = (raw: string): number | undefined => {
    try {
      return durationMs(raw);
    } catch {
      return undefined;
    }
  };
  /** A deadline such as `10s` or `500ms`; zero is refused, since a deadline of nothing would refuse every call. */
  const duration = (name: Name): number => {
    const raw = read(name);
    const ms = parsedMs(raw);
    if (ms === undefined || ms < 1) errors.push(`${name} must be a positive duration such as 10s or 500ms, got "${raw}"`);
    return ms ?? 0;
  };
  /** A lifetime in whole seconds: a token that expires at once, or a value only jsonwebtoken would refuse, fails here. */
  const lifetimeSeconds = (name: Name): number => {
    const raw = read(name);
    const seconds = Math.floor((parsedMs(raw) ?? 0) / 1000);
    if (raw !== '' && seconds < 1) errors.push(`${name} must be a duration of at least 1s such as 30m, 12h or 7d, got "${raw}"`);
    return seconds;
  };
  const done = <T>(value: T): T => {
    if (errors.length > 0) throw new Error(`Invalid environment:\n  - ${errors.join('\n  - ')}`);
    return value;
  };
  return { production, read, port, bool, duration, lifetimeSeconds, done, errors };
}

/** An http(s) origin (and path) without a trailing slash, so `${publicUrl}/tasks/<id>` is always one slash. */
function publicUrlOf(raw: string, apiPort: string, errors: string[]): string {
  if (raw === '') return `http://127.0.0.1:${apiPort}`;
  if (!/^https?:\/\/[^/\s]+(\/\S*)?$/.test(raw)) errors.push(`PUBLIC_URL must be an http(s) address such as https://tandem.example.com, got "${raw}"`);
  return raw.replace(/\/+$/, '');
}

const temporalOf = (read: (name: Name) => string): Config['temporal'] => ({
  address: read('TEMPORAL_ADDRESS'),
  namespace: read('TEMPORAL_NAMESPACE'),
  taskQueue: read('TEMPORAL_TASK_QUEUE'),
});

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const { production, read, port, bool, duration, lifetimeSeconds, done, errors } = readerOf(env);
  return Object.freeze(
    done({
      production,
      databaseUrl: read('DATABASE_URL'),
      temporal: temporalOf(read),
      smtp: {
        host: read('SMTP_HOST'),
        port: port('SMTP_PORT'),
        secure: bool('SMTP_SECURE'),
        user: read('SMTP_USER') || null,
        password: read('SMTP_PASSWORD') || null,
        from: read('MAIL_FROM'),
      },
      api: { port: port('API_PORT'), jwtSecret: read('JWT_SECRET'), jwtTtlSeconds: lifetimeSeconds('JWT_TTL'), consoleDir: read('CONSOLE_DIR') },
      admin: { email: read('ADMIN_EMAIL'), password: read('ADMIN_PASSWORD'), name: read('ADMIN_NAME') },
      deadlines: {
        temporalMs: duration('TEMPORAL_TIMEOUT'),
        databaseConnectMs: duration('DATABASE_CONNECT_TIMEOUT'),
        databaseQueryMs: duration('DATABASE_QUERY_TIMEOUT'),
      },
      worker: { healthPort: read('WORKER_HEALTH_PORT') === '' ? null : port('WORKER_HEALTH_PORT') },
      publicUrl: publicUrlOf(read('PUBLIC_URL'), read('API_PORT'), errors),
    }),
  );
}

/** For a tool that needs only the database (`audit:verify`): the API's production secrets do not stop it. */
export function loadDatabaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  const { read, done } = readerOf(env);
  return done(read('DATABASE_URL'));
}

/** For a tool that needs only Temporal (`replay --workflow-id`). */
export function loadTemporalConfig(env: NodeJS.ProcessEnv = process.env): Config['temporal'] {
  const { read, done } = readerOf(env);
  return done(temporalOf(read));
}
