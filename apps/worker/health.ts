import { createServer, type Server } from 'node:http';
import { metricsReadable, metricsRefusal, prometheusContentType } from '../../libs/observability/metrics-access.js';

export interface WorkerReadiness {
  /** ok only while the worker polls its task queue and both Temporal and Postgres answer. */
  status: 'ok' | 'unavailable';
  /** connecting: still waiting for Temporal or Postgres at start; otherwise the SDK worker's state. */
  worker: string;
  temporal: 'ok' | 'down';
  database: 'ok' | 'down';
}

export interface HealthRoutes {
  readiness: () => Promise<WorkerReadiness>;
  /** The Prometheus text of /metrics: Tandem's counters and the SDK's. */
  metrics: () => Promise<string>;
  /** METRICS_TOKEN (see libs/observability/metrics-access.ts). */
  metricsToken: string | null;
}

/**
 * The worker's probes on WORKER_HEALTH_PORT, like the API's: GET /health/live answers 200 while the process runs,
 * GET /health/ready 200 only while it polls and reaches both dependencies (503 with what is missing otherwise),
 * and GET /metrics for Prometheus. Plain node:http, because the worker is not a web app and needs three routes.
 */
export async function startHealthServer(port: number, { readiness, metrics, metricsToken }: HealthRoutes): Promise<Server> {
  const server = createServer((req, res) => {
    const answer = (status: number, body: object) => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (req.method !== 'GET') return answer(405, { statusCode: 405, message: 'only GET is served here' });
    if (req.url === '/health/live') return answer(200, { status: 'ok' });
    if (req.url === '/metrics') {
      if (!metricsReadable(metricsToken, req.socket.remoteAddress, req.headers)) return answer(403, metricsRefusal);
      return void metrics().then(
        (text) => res.writeHead(200, { 'content-type': prometheusContentType }).end(text),
        (error: unknown) => answer(503, { status: 'unavailable', message: String(error) }),
      );
    }
    if (req.url !== '/health/ready') return answer(404, { statusCode: 404, message: 'GET /health/live, /health/ready or /metrics' });
    readiness().then(
      (r) => answer(r.status === 'ok' ? 200 : 503, r),
      (error: unknown) => answer(503, { status: 'unavailable', message: String(error) }),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '0.0.0.0', () => resolve());
  });
  return server;
}
