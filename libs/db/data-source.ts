import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { entities } from './entities/index.js';
import { migrations } from './migrations/index.js';

export interface DataSourceOptions {
  poolSize?: number;
  applicationName?: string;
  /** Longest wait for a connection, new or from the pool; a Postgres that does not answer is an error by then. */
  connectTimeoutMs?: number;
  /**
   * Longest a statement may take: Postgres cancels it after this (statement_timeout), and the client gives up a
   * moment later in case no answer can arrive at all (a dead network). Absent for tools that run long statements
   * on purpose (migrations).
   */
  queryTimeoutMs?: number;
}

/** Without a connect timeout pg waits for ever on a host that drops packets; tools get a patient one. */
const defaultConnectTimeoutMs = 10_000;
/** The client's own timer fires after Postgres's, so a reachable server answers with its clearer 57014 first. */
const clientTimeoutGraceMs = 1_000;

/** Schema changes only through migrations, run as their own step (`npm run db:migrate`), never at boot. */
export function createDataSource(url: string, options: DataSourceOptions = {}): DataSource {
  const { queryTimeoutMs } = options;
  return new DataSource({
    type: 'postgres',
    url,
    entities,
    migrations,
    synchronize: false,
    migrationsRun: false,
    logging: ['error'],
    extra: {
      max: options.poolSize ?? 10,
      application_name: options.applicationName ?? 'tandem',
      connectionTimeoutMillis: options.connectTimeoutMs ?? defaultConnectTimeoutMs,
      // A half-open connection (Postgres host gone) is found by the OS rather than by the next query hanging on it.
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
      ...(queryTimeoutMs !== undefined && { statement_timeout: queryTimeoutMs, query_timeout: queryTimeoutMs + clientTimeoutGraceMs }),
    },
  });
}
