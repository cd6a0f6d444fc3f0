import { durationMs, isScryptN, scryptNLimits, type LoginThrottlePolicy } from '../domain/index.js';
import { temporalTlsOf } from './temporal-tls.js';

/**
 * Environment, parsed once into a frozen, typed object. A bad start names every wrong variable at once,
 * because fixing them one restart at a time wastes an operator's morning.
 */
export interface Config {
  production: boolean;
  databaseUrl: string;
  temporal: TemporalConfig;
  smtp: { host: string; port: number; secure: boolean; user: string | null; password: string | null; from: string };
  /** `consoleDir`: the built console (apps/web/dist) the API serves at `/`. */
  api: { port: number; jwtSecret: string; jwtTtlSeconds: number; trustProxy: boolean | number | string; consoleDir: string };
  /** How hard guessing passwords is made: rates per address and per account, lockouts after failures. */
  login: LoginThrottlePolicy;
  /** `scryptN`: the cost of new password hashes; the stored ones keep theirs until their owner's next login. */
  passwords: { scryptN: number };
  /** `mustChangePassword`: ADMIN_PASSWORD was not given, so the account starts with the well-known default. */
  admin: { email: string; password: string; name: string; mustChangePassword: boolean };
  /** How long a call to a dependency may take before the caller gives up: an outage then answers 503, never a hang. */
  deadlines: { temporalMs: number; databaseConnectMs: number; databaseQueryMs: number };
  /** The worker's readiness endpoint; null when none is wanted (several workers on one host). */
  worker: { healthPort: number | null };
  /** Where people open the console (no trailing slash): mails link to the exact page under it. */
  publicUrl: string;
  /** `pretty`: one readable line per event for a terminal (`npm run up`); `json`: one JSON object per line. */
  log: { format: LogFormat; level: LogLevel };
  /** `token`: a scraper of /metrics must send it as a bearer token; null: only callers on this host are served. */
  metrics: { token: string | null };
  /** The prebuilt workflow code (npm run build); null: bundled from workflows/ by the process that needs it. */
  workflowBundlePath: string | null;
}

/** The connection to Temporal, the same for the API, the workers and the tools. */
export interface TemporalConfig {
  address: string;
  namespace: string;
  taskQueue: string;
  /** null: plain gRPC (a dev server, a cluster on a private network); otherwise TLS, with a client pair for mTLS. */
  tls: TemporalTls | null;
  /** Sent as a bearer token on every call (a hosted Temporal's API key); only ever over TLS. */
  apiKey: string | null;
}

export interface TemporalTls {
  /** The CA that signed the server's certificate, when not one the system trusts (a private CA). */
  serverRootCa: Buffer | null;
  /** The client's certificate and key, for mutual TLS. */
  clientCertPair: { crt: Buffer; key: Buffer } | null;
  /** The name to expect in the server's certificate, when the address does not carry it (an IP, a tunnel). */
  serverName: string | null;
}

export const logFormats = ['json', 'pretty'] as const;
export type LogFormat = (typeof logFormats)[number];
export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];

/** HS256 keys shorter than the hash output (32 bytes) are weaker than the algorithm (RFC 7518 §3.2). */
export const jwtSecretMinBytes = 32;
/** A token lives for a working day at most: a stolen one is not good for longer than a shift. */
export const maxJwtTtl = '8h';

interface VariableSpec {
  description: string;
  sensitive: boolean;
  /** Used when the variable is unset; `undefined` makes it required. `production: undefined` requires it there. */
  default?: string;
  production?: 'required';
}

export const variables = {
  DATABASE_URL: {
    description:
      'PostgreSQL URL the API and the workers connect with: a role that owns nothing (they refuse to start as an owner or a superuser). ' +
      '`npm run up`, `npm run db:migrate` and the tests also take a superuser\'s URL here and make the roles from it',
    sensitive: true,
  },
  MIGRATION_DATABASE_URL: {
    description:
      'PostgreSQL URL of the schema owner, for `npm run db:migrate` only (required there in production); it grants the role of DATABASE_URL what the app needs',
    sensitive: true,
    default: '',
    production: 'required',
  },
  TEMPORAL_ADDRESS: { description: 'Temporal frontend host:port', sensitive: false, default: '127.0.0.1:7233' },
  TEMPORAL_NAMESPACE: { description: 'Temporal namespace', sensitive: false, default: 'default' },
  TEMPORAL_TASK_QUEUE: { description: 'Task queue the workers poll', sensitive: false, default: 'tandem' },
  TEMPORAL_TLS: {
    description: 'true: connect to Temporal over TLS; false: plain gRPC; empty: TLS as soon as a CA, a client certificate or an API key is given',
    sensitive: false,
    default: '',
  },
  TEMPORAL_TLS_CA: { description: "Path of the PEM CA certificate that signed Temporal's (a private CA); empty: the system's trusted CAs", sensitive: false, default: '' },
  TEMPORAL_TLS_CERT: { description: 'Path of the PEM client certificate for mutual TLS (with TEMPORAL_TLS_KEY)', sensitive: false, default: '' },
  TEMPORAL_TLS_KEY: { description: 'Path of the PEM private key of that client certificate (with TEMPORAL_TLS_CERT)', sensitive: false, default: '' },
  TEMPORAL_TLS_SERVER_NAME: { description: "Name expected in Temporal's certificate when the address does not carry it (an IP address, a tunnel)", sensitive: false, default: '' },
  TEMPORAL_API_KEY: { description: 'API key sent to Temporal on every call (a hosted Temporal); needs TLS', sensitive: true, default: '' },
  SMTP_HOST: { description: 'SMTP server host', sensitive: false, default: '127.0.0.1' },
  SMTP_PORT: { description: 'SMTP server port', sensitive: false, default: '1025' },
  SMTP_SECURE: { description: 'true for implicit TLS (port 465)', sensitive: false, default: 'false' },
  SMTP_USER: { description: 'SMTP user name, if the server needs one', sensitive: false, default: '' },
  SMTP_PASSWORD: { description: 'SMTP password', sensitive: true, default: '' },
  MAIL_FROM: { description: 'Sender of notices', sensitive: false, default: 'Tandem 党建载体 <tandem@localhost>' },
  API_PORT: { description: 'HTTP port of the API', sensitive: false, default: '3000' },
  CONSOLE_DIR: { description: 'Folder of the built console the API serves at / (relative to the working directory)', sensitive: false, default: 'apps/web/dist' },
  // No default: a secret written in the source would sign tokens anyone can forge. `npm run up` and the tests make
  // a random one of their own.
  JWT_SECRET: { description: `Secret that signs login tokens, at least ${jwtSecretMinBytes} bytes (e.g. \`openssl rand -base64 48\`)`, sensitive: true },
  JWT_TTL: { description: `Lifetime of a login token, e.g. 30m or 8h; at most ${maxJwtTtl} (a working day)`, sensitive: false, default: maxJwtTtl },
  ADMIN_EMAIL: { description: 'E-mail of the admin account created on first start', sensitive: false, default: 'admin@tandem.local' },
  ADMIN_PASSWORD: {
    description: 'Password of that admin account (required in production); when unset, the default must be changed at its first login',
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
  TRUST_PROXY: {
    description:
      'Reverse proxies in front of the API (Express "trust proxy": a hop count, or their addresses), so login limits count the caller\'s address from X-Forwarded-For; empty: none, the socket address counts',
    sensitive: false,
    default: '',
  },
  LOGIN_ADDRESS_LIMIT: { description: 'Login attempts one client address may make per LOGIN_RATE_WINDOW (a whole office may share one address)', sensitive: false, default: '60' },
  LOGIN_ACCOUNT_LIMIT: { description: 'Login attempts at one e-mail per LOGIN_RATE_WINDOW, whatever their outcome, from addresses other than its usual ones', sensitive: false, default: '10' },
  LOGIN_RATE_WINDOW: { description: 'The window of those two limits, e.g. 1m', sensitive: false, default: '1m' },
  LOGIN_LOCKOUT_AFTER: {
    description: 'Failed logins at one e-mail from one client address within LOGIN_FAILURE_WINDOW that lock it for that address for a while and tell its owner and the admins',
    sensitive: false,
    default: '5',
  },
  LOGIN_ACCOUNT_LOCKOUT_AFTER: {
    description: 'Failed logins at one e-mail from all addresses together within LOGIN_FAILURE_WINDOW that lock it for a while everywhere but its usual addresses (where it logged in within 30 days)',
    sensitive: false,
    default: '20',
  },
  LOGIN_FAILURE_WINDOW: { description: 'How long a failed login counts towards a lockout, e.g. 1h', sensitive: false, default: '1h' },
  LOGIN_LOCKOUT: { description: 'The first lockout; each further one within a day lasts twice as long as the one before, up to LOGIN_LOCKOUT_MAX', sensitive: false, default: '1m' },
  LOGIN_LOCKOUT_MAX: { description: 'The longest lockout, e.g. 1h', sensitive: false, default: '1h' },
  PASSWORD_SCRYPT_N: {
    description: `scrypt's cost N for new password hashes: a power of two from ${scryptNLimits.min} to ${scryptNLimits.max}, in production at least ${scryptNLimits.productionMin}; a stored hash at another cost is hashed again at its owner's next login`,
    sensitive: false,
    default: String(scryptNLimits.productionMin),
  },
  PUBLIC_URL: {
    description: 'Address people open the console at, e.g. https://tandem.example.com; mails link to the exact page under it (default: http://127.0.0.1:API_PORT)',
    sensitive: false,
    default: '',
  },
  WORKER_HEALTH_PORT: { description: 'Port of the worker readiness endpoint (GET /health/ready) and its /metrics; unset: none', sensitive: false, default: '' },
  LOG_FORMAT: { description: `How logs are written to stdout: ${logFormats.join(' or ')} (one readable line per event, for a terminal)`, sensitive: false, default: 'json' },
  LOG_LEVEL: { description: `Lowest level logged: ${logLevels.join(', ')}`, sensitive: false, default: 'info' },
  METRICS_TOKEN: {
    description: 'Bearer token a Prometheus scraper sends to read /metrics from another host; empty: /metrics answers only callers on this host that came through no proxy',
    sensitive: true,
    default: '',
  },
  WORKFLOW_BUNDLE_PATH: {
    description: 'A prebuilt workflow bundle (npm run build) the worker runs and POST /audit/replay replays against; empty: workflows/ is bundled at start or at the first replay',
    sensitive: false,
    default: '',
  },
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
  const lifetimeSeconds = (name: Name, max: string): number => {
    const raw = read(name);
    const seconds = Math.floor((parsedMs(raw) ?? 0) / 1000);
    if (raw !== '' && seconds < 1) errors.push(`${name} must be a duration of at least 1s such as 30m or 8h, got "${raw}"`);
    else if (seconds * 1000 > durationMs(max)) errors.push(`${name} must be at most ${max}, got "${raw}"`);
    return seconds;
  };
  /** A signing secret: present, and long enough that guessing it is no shortcut. */
  const secret = (name: Name, minBytes: number): string => {
    const value = read(name);
    const bytes = Buffer.byteLength(value, 'utf8');
    if (value !== '' && bytes < minBytes) {
      errors.push(`${name} must be at least ${minBytes} bytes, got ${bytes}; generate one with \`openssl rand -base64 48\``);
    }
    return value;
  };
  /** Whether the variable was set at all (its default not used). */
  const given = (name: Name): boolean => env[name] !== undefined && env[name] !== '';
  /** A whole number of at least 1 (a count of attempts). */
  const count = (name: Name): number => {
    const raw = read(name);
    const n = Number(raw);
    if (!(Number.isInteger(n) && n >= 1)) errors.push(`${name} must be a whole number of at least 1, got "${raw}"`);
    return n;
  };
  /** scrypt's N: a power of two within the bounds a stored hash may name, and never below production's least there. */
  const scryptN = (name: Name): number => {
    const raw = read(name);
    const n = Number(raw);
    if (!isScryptN(n)) errors.push(`${name} must be a power of two from ${scryptNLimits.min} to ${scryptNLimits.max}, got "${raw}"`);
    else if (production && n < scryptNLimits.productionMin) errors.push(`${name} must be at least ${scryptNLimits.productionMin} in production, got "${raw}"`);
    return n;
  };
  /** Express's "trust proxy": a hop count, or addresses and subnets as Express reads them; false when empty. */
  const trustProxy = (name: Name): boolean | number | string => {
    const raw = read(name);
    return raw === '' ? false : /^\d+$/.test(raw) ? Number(raw) : raw;
  };
  /** One of a fixed set of words. */
  const oneOf = <T extends string>(name: Name, allowed: readonly T[]): T => {
    const raw = read(name);
    if (!allowed.includes(raw as T)) errors.push(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
    return raw as T;
  };
  const done = <T>(value: T): T => {
    if (errors.length > 0) throw new Error(`Invalid environment:\n  - ${errors.join('\n  - ')}`);
    return value;
  };
  return { production, read, port, bool, duration, lifetimeSeconds, secret, given, count, scryptN, trustProxy, oneOf, done, errors };
}

/** An http(s) origin (and path) without a trailing slash, so `${publicUrl}/tasks/<id>` is always one slash. */
function publicUrlOf(raw: string, apiPort: string, errors: string[]): string {
  if (raw === '') return `http://127.0.0.1:${apiPort}`;
  if (!/^https?:\/\/[^/\s]+(\/\S*)?$/.test(raw)) errors.push(`PUBLIC_URL must be an http(s) address such as https://tandem.example.com, got "${raw}"`);
  return raw.replace(/\/+$/, '');
}

const temporalOf = (read: (name: Name) => string, errors: string[]): TemporalConfig => ({
  address: read('TEMPORAL_ADDRESS'),
  namespace: read('TEMPORAL_NAMESPACE'),
  taskQueue: read('TEMPORAL_TASK_QUEUE'),
  ...temporalTlsOf(read, errors),
});

/**
 * `signsTokens: false` for the worker, which signs and checks no login token and creates no admin account, so it is
 * started without the API's secrets (its `api.jwtSecret` and `admin` are then empty and nothing in the worker reads them).
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, { signsTokens = true } = {}): Config {
  const { production, read, port, bool, duration, lifetimeSeconds, secret, given, count, scryptN, trustProxy, oneOf, done, errors } = readerOf(env);
  return Object.freeze(
    done({
      production,
      databaseUrl: read('DATABASE_URL'),
      temporal: temporalOf(read, errors),
      smtp: {
        host: read('SMTP_HOST'),
        port: port('SMTP_PORT'),
        secure: bool('SMTP_SECURE'),
        user: read('SMTP_USER') || null,
        password: read('SMTP_PASSWORD') || null,
        from: read('MAIL_FROM'),
      },
      api: { port: port('API_PORT'), jwtSecret: signsTokens ? secret('JWT_SECRET', jwtSecretMinBytes) : '', jwtTtlSeconds: lifetimeSeconds('JWT_TTL', maxJwtTtl), trustProxy: trustProxy('TRUST_PROXY'), consoleDir: read('CONSOLE_DIR') },
      login: {
        addressLimit: count('LOGIN_ADDRESS_LIMIT'),
        accountLimit: count('LOGIN_ACCOUNT_LIMIT'),
        rateWindowMs: duration('LOGIN_RATE_WINDOW'),
        lockoutAfter: count('LOGIN_LOCKOUT_AFTER'),
        accountLockoutAfter: count('LOGIN_ACCOUNT_LOCKOUT_AFTER'),
        failureWindowMs: duration('LOGIN_FAILURE_WINDOW'),
        lockoutMs: duration('LOGIN_LOCKOUT'),
        lockoutMaxMs: duration('LOGIN_LOCKOUT_MAX'),
      },
      passwords: { scryptN: scryptN('PASSWORD_SCRYPT_N') },
      // The worker creates no admin account either: production requires ADMIN_PASSWORD of the API only.
      admin: signsTokens
        ? { email: read('ADMIN_EMAIL'), password: read('ADMIN_PASSWORD'), name: read('ADMIN_NAME'), mustChangePassword: !given('ADMIN_PASSWORD') }
        : { email: '', password: '', name: '', mustChangePassword: false },
      deadlines: {
        temporalMs: duration('TEMPORAL_TIMEOUT'),
        databaseConnectMs: duration('DATABASE_CONNECT_TIMEOUT'),
        databaseQueryMs: duration('DATABASE_QUERY_TIMEOUT'),
      },
      worker: { healthPort: read('WORKER_HEALTH_PORT') === '' ? null : port('WORKER_HEALTH_PORT') },
      publicUrl: publicUrlOf(read('PUBLIC_URL'), read('API_PORT'), errors),
      log: { format: oneOf('LOG_FORMAT', logFormats), level: oneOf('LOG_LEVEL', logLevels) },
      metrics: { token: read('METRICS_TOKEN') || null },
      workflowBundlePath: read('WORKFLOW_BUNDLE_PATH') || null,
    }),
  );
}

/** For a tool that needs only the database (`audit:verify`): the API's production secrets do not stop it. */
export function loadDatabaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  const { read, done } = readerOf(env);
  return done(read('DATABASE_URL'));
}

export interface MigrationConfig {
  /** The owner's URL, or null for a local start, which makes the roles from DATABASE_URL (a superuser's) itself. */
  ownerUrl: string | null;
  /** The role the API and the workers connect as (DATABASE_URL's user), granted its privileges after migrating. */
  appRole: string;
}

/**
 * For `npm run db:migrate`. The two URLs must name different users: an app connected as the schema's owner could
 * switch the audit log's triggers off.
 */
export function loadMigrationConfig(env: NodeJS.ProcessEnv = process.env): MigrationConfig {
  const { read, done } = readerOf(env);
  const ownerUrl = read('MIGRATION_DATABASE_URL');
  if (ownerUrl === '') return done({ ownerUrl: null, appRole: '' });
  const appUrl = done(read('DATABASE_URL'));
  const userOf = (name: Name, url: string) => {
    try {
      return decodeURIComponent(new URL(url).username);
    } catch {
      throw new Error(`Invalid environment:\n  - ${name} is not a URL`);
    }
  };
  const [owner, app] = [userOf('MIGRATION_DATABASE_URL', ownerUrl), userOf('DATABASE_URL', appUrl)];
  const problems = [
    !owner && 'MIGRATION_DATABASE_URL must name its user (the schema owner)',
    !app && 'DATABASE_URL must name its user (the role the app connects as)',
    owner && owner === app && `MIGRATION_DATABASE_URL and DATABASE_URL both connect as "${owner}": the app must not connect as the schema owner`,
  ].filter((p): p is string => typeof p === 'string');
  if (problems.length > 0) throw new Error(`Invalid environment:\n  - ${problems.join('\n  - ')}`);
  return { ownerUrl, appRole: app };
}

/** For a tool that needs only Temporal (`replay --workflow-id`). */
export function loadTemporalConfig(env: NodeJS.ProcessEnv = process.env): TemporalConfig {
  const { read, done, errors } = readerOf(env);
  return done(temporalOf(read, errors));
}
