import { metricsReadable } from '../../libs/observability/metrics-access.js';

describe('who may read /metrics', () => {
  it('serves a caller on this host that came through no proxy when there is no METRICS_TOKEN', () => {
    expect(metricsReadable(null, '127.0.0.1', {})).toBe(true);
    expect(metricsReadable(null, '::ffff:127.0.0.1', {})).toBe(true);
    expect(metricsReadable(null, '10.0.0.8', {})).toBe(false);
    expect(metricsReadable(null, '127.0.0.1', { 'x-forwarded-for': '203.0.113.9' })).toBe(false);
    expect(metricsReadable(null, '127.0.0.1', { forwarded: 'for=203.0.113.9' })).toBe(false);
  });

  it('with a METRICS_TOKEN, serves whoever sends it as a bearer token, and nobody else, not even this host', () => {
    expect(metricsReadable('s3cret', '10.0.0.8', { authorization: 'Bearer s3cret' })).toBe(true);
    expect(metricsReadable('s3cret', '127.0.0.1', {})).toBe(false);
    expect(metricsReadable('s3cret', '10.0.0.8', { authorization: 'Bearer s3cre' })).toBe(false);
  });
});
