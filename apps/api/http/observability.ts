import type { Request, RequestHandler } from 'express';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import type { Logger } from '../../../libs/observability/logger.js';
import { metricsReadable, metricsRefusal, prometheusContentType } from '../../../libs/observability/metrics-access.js';
import { requestIdFrom, requestIdHttpHeader, withRequestId } from '../../../libs/observability/request-context.js';
import { apiPrefix } from '../openapi.js';

export const metricsPath = '/metrics';

/**
 * The route's pattern as Express matched it (`/api/projects/:id/submit`), never the path itself: ids in a label would
 * make a series per project, and a path may carry what someone typed. No route: a console page, or nothing matched.
 */
function routeOf(req: Request): string {
  const pattern = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof pattern === 'string') return pattern;
  if (req.originalUrl === metricsPath) return metricsPath;
  return req.originalUrl.startsWith(`/${apiPrefix}/`) ? 'unmatched' : 'console';
}

/** Probes and scrapes come every few seconds: counted, but no log line each. */
const unlogged = new Set([metricsPath, `/${apiPrefix}/health`, `/${apiPrefix}/health/live`, `/${apiPrefix}/health/ready`]);

/**
 * Commands and refusals at info, failures as errors; a read that succeeded at debug, because the console polls
 * (the unread notices, the work lists) and a line per poll would bury what changed.
 */
function levelOf(method: string, status: number): 'error' | 'info' | 'debug' {
  if (status >= 500) return 'error';
  return method === 'GET' && status < 400 ? 'debug' : 'info';
}

/**
 * Each HTTP request: its id (the caller's X-Request-Id when it is a plain token, else a new one; echoed in the answer)
 * set as the context everything it calls runs under, so its log lines and the Temporal commands it sends carry it;
 * on the answer, one log line (method, route, status, time, the person's id) and the Prometheus counter and latency
 * histogram per route and status. `serveMetrics` answers GET /metrics (outside /api, before the console's routes).
 */
export function requestObservers(logger: Logger, metricsToken: string | null): { observe: RequestHandler; serveMetrics: RequestHandler } {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const labelNames = ['method', 'route', 'status'] as const;
  const requests = new Counter({ name: 'tandem_http_requests_total', help: 'HTTP requests answered, by method, route pattern and status', labelNames, registers: [registry] });
  const latency = new Histogram({
    name: 'tandem_http_request_duration_seconds',
    help: 'Time from a request to its answer, by method, route pattern and status',
    labelNames,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });

  const observe: RequestHandler = (req, res, next) => {
    const requestId = requestIdFrom(req.headers[requestIdHttpHeader]);
    res.setHeader('X-Request-Id', requestId);
    const started = performance.now();
    res.once('finish', () => {
      const ms = performance.now() - started;
      const labels = { method: req.method, route: routeOf(req), status: String(res.statusCode) };
      requests.inc(labels);
      latency.observe(labels, ms / 1000);
      if (unlogged.has(labels.route)) return;
      const personId = (req as { user?: { personId?: string } }).user?.personId;
      const line = { requestId, ...labels, ms: Math.round(ms), ...(personId && { personId }) };
      logger[levelOf(req.method, res.statusCode)](line, `${labels.method} ${labels.route} ${labels.status}`);
    });
    withRequestId(requestId, next);
  };

  const serveMetrics: RequestHandler = (req, res) => {
    if (req.method !== 'GET') return void res.status(405).json({ statusCode: 405, message: 'only GET is served here' });
    if (!metricsReadable(metricsToken, req.socket.remoteAddress, req.headers)) return void res.status(403).json(metricsRefusal);
    registry.metrics().then(
      (text) => res.type(prometheusContentType).send(text),
      (error: unknown) => res.status(503).json({ statusCode: 503, message: String(error) }),
    );
  };
  return { observe, serveMetrics };
}
