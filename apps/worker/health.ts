import { createServer, type Server } from 'node:http';

export interface WorkerReadiness {
  /** ok only while the worker polls its task queue and both Temporal and Postgres answer. */
  status: 'ok' | 'unavailable';
  /** connecting: still waiting for Temporal or Postgres at start; otherwise the SDK worker's state. */
  worker: string;
  temporal: 'ok' | 'down';
  database: 'ok' | 'down';
}

/**
 * The worker's probes on WORKER_HEALTH_PORT, like the API's: GET /health/live answers 200 while the process runs,
 * GET /health/ready 200 only while it polls and reaches both dependencies (503 with what is missing otherwise).
 * Plain node:http, because the worker is not a web app and needs two routes.
 */
export async function startHealthServer(port: number, readiness: () => Promise<WorkerReadiness>): Promise<Server> {
  const server = createServer((req, res) => {
    const answer = (status: number, body: object) => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (req.method !== 'GET') return answer(405, { statusCode: 405, message: 'only GET is served here' });
    if (req.url === '/health/live') return answer(200, { status: 'ok' });
    if (req.url !== '/health/ready') return answer(404, { statusCode: 404, message: 'GET /health/live or /health/ready' });
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
