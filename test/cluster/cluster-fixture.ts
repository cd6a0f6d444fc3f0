import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from '../../libs/dev-stack/temporal-dev-server.js';
import { startTandemCluster, type TandemCluster } from '../../libs/dev-stack/tandem-cluster.js';
import { createOrgViaApi, type ApiOrg } from '../support/api.js';
import { remoteApi, type RemoteApi } from './remote-api.js';

export interface ClusterFixture {
  cluster: TandemCluster;
  api: RemoteApi;
  org: ApiOrg;
  adminToken: string;
  /** Stops every process and drops the databases it made on a shared server. */
  close(): Promise<void>;
}

export interface ClusterFixtureOptions {
  /** The namespace's retention; production's 90 days when omitted. */
  retentionMs?: number;
  /** Whether a process that dies is started again (as `up` does) or kept down (a test of its loss). */
  keepKilledDown?: boolean;
}

/**
 * The production topology of one spec (scripts/test-cluster.ts builds what it runs), on fresh databases, with the
 * organisation of test/support/api.ts made through its API.
 */
export async function startClusterFixture(options: ClusterFixtureOptions = {}): Promise<ClusterFixture> {
  const dist = process.env.CLUSTER_DIST;
  const bundle = process.env.CLUSTER_BUNDLE;
  if (!dist || !bundle) throw new Error('run through `npm run test:cluster`, which builds dist and the workflow bundle');
  // One test address logs seven people in within a minute; production's limit would answer some of them 429.
  process.env.LOGIN_ADDRESS_LIMIT = '1000';
  const database = `tandem_cluster_${randomUUID().replace(/-/g, '').slice(0, 8)}`;
  const admin = { email: 'admin@cluster.tandem', password: `Cluster-${randomUUID()}` };
  const workDir = mkdtempSync(join(tmpdir(), 'tandem-cluster-'));
  const cluster = await startTandemCluster({
    dist,
    bundle,
    workDir,
    postgres: { dataDir: join(workDir, 'postgres'), port: await freePort(), durable: false },
    database,
    retentionMs: options.retentionMs,
    ...(options.keepKilledDown && { restartDelay: () => 2 ** 31 - 1 }),
    secrets: { jwtSecret: randomUUID() + randomUUID(), adminEmail: admin.email, adminPassword: admin.password },
    log: (message) => console.log(`[cluster] ${message}`),
  });
  console.log(`[cluster] started in ${(cluster.startedInMs / 1000).toFixed(1)} s (Temporal ${(cluster.temporal.startedInMs / 1000).toFixed(1)} s); logs in ${cluster.logDir}`);
  const api = remoteApi(cluster.apiUrls);
  const adminToken = await api.login(admin.email, admin.password);
  const org = await createOrgViaApi(api, adminToken);
  const close = async () => {
    await cluster.stop();
    rmSync(cluster.logDir, { recursive: true, force: true });
    if (!process.env.DATABASE_URL) return; // an embedded cluster goes with its temporary folder
    const client = new pg.Client({ connectionString: cluster.superUrl });
    await client.connect();
    for (const name of [database, cluster.temporal.databases.main, cluster.temporal.databases.visibility]) {
      await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`);
    }
    await client.end();
  };
  return { cluster, api, org, adminToken, close };
}
