import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

const loopback = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * Who may read /metrics (counts and timings say how busy the organisation is and which routes fail): with a
 * METRICS_TOKEN, whoever sends it as a bearer token; without one, only a caller on this host that came through no
 * proxy (a reverse proxy on the same host adds X-Forwarded-For or Forwarded, so the public never gets through it).
 */
export function metricsReadable(token: string | null, remoteAddress: string | undefined, headers: IncomingHttpHeaders): boolean {
  if (token !== null) {
    const given = Buffer.from(headers.authorization ?? '');
    const expected = Buffer.from(`Bearer ${token}`);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
  return remoteAddress !== undefined && loopback.has(remoteAddress) && headers['x-forwarded-for'] === undefined && headers.forwarded === undefined;
}

export const metricsRefusal = {
  statusCode: 403,
  code: 'FORBIDDEN',
  message: 'metrics are served to this host only, or with METRICS_TOKEN as a bearer token',
} as const;

export const prometheusContentType = 'text/plain; version=0.0.4; charset=utf-8';
