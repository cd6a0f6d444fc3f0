import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, loadTemporalConfig } from '../../libs/config/index.js';
import { securityOptions } from '../../libs/temporal/client.js';

/** PEM-looking files: the config reads them at start, the TLS handshake (not tested here) parses them. */
describe('the Temporal connection: TLS, mutual TLS and API keys (TEMPORAL_TLS*, TEMPORAL_API_KEY)', () => {
  let dir: string;
  const file = (name: string) => join(dir, name);
  const base = { DATABASE_URL: 'postgres://tandem@db/tandem', JWT_SECRET: 'x'.repeat(32), TEMPORAL_ADDRESS: 'tandem.tmprl.cloud:7233' };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tandem-tls-'));
    for (const name of ['ca.pem', 'client.pem', 'client.key']) writeFileSync(file(name), `-----BEGIN ${name}-----\n`);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('speaks plain gRPC when nothing asks for TLS, as on the dev server', () => {
    const { temporal } = loadConfig(base);
    expect([temporal.tls, temporal.apiKey]).toEqual([null, null]);
    expect(securityOptions(temporal)).toEqual({});
  });

  it('takes TLS with the system CAs from TEMPORAL_TLS=true alone', () => {
    const { tls } = loadTemporalConfig({ TEMPORAL_TLS: 'true' });
    expect(tls).toEqual({ serverRootCa: null, clientCertPair: null, serverName: null });
    expect(securityOptions(loadTemporalConfig({ TEMPORAL_TLS: 'true' }))).toEqual({ tls: {} });
  });

  it('reads a private CA, the client pair for mutual TLS and the expected server name into the connection options', () => {
    const temporal = loadTemporalConfig({
      TEMPORAL_TLS_CA: file('ca.pem'),
      TEMPORAL_TLS_CERT: file('client.pem'),
      TEMPORAL_TLS_KEY: file('client.key'),
      TEMPORAL_TLS_SERVER_NAME: 'temporal.internal',
      TEMPORAL_NAMESPACE: 'tandem-prod',
      TEMPORAL_TASK_QUEUE: 'tandem-a',
    });
    expect([temporal.namespace, temporal.taskQueue]).toEqual(['tandem-prod', 'tandem-a']);
    expect(securityOptions(temporal)).toEqual({
      tls: {
        serverRootCACertificate: Buffer.from('-----BEGIN ca.pem-----\n'),
        clientCertPair: { crt: Buffer.from('-----BEGIN client.pem-----\n'), key: Buffer.from('-----BEGIN client.key-----\n') },
        serverNameOverride: 'temporal.internal',
      },
    });
  });

  it('sends an API key over TLS, turned on by the key itself', () => {
    const temporal = loadTemporalConfig({ TEMPORAL_API_KEY: 'key-123' });
    expect(securityOptions(temporal)).toEqual({ tls: {}, apiKey: 'key-123' });
  });

  it('refuses an API key with TLS turned off: it is never sent in clear', () => {
    expect(() => loadTemporalConfig({ TEMPORAL_API_KEY: 'key-123', TEMPORAL_TLS: 'false' })).toThrow(
      'TEMPORAL_TLS is false but TEMPORAL_API_KEY is set: an API key is never sent in clear; drop TEMPORAL_TLS or set it to true',
    );
  });

  it('refuses a client certificate without its key, and a key without its certificate', () => {
    expect(() => loadTemporalConfig({ TEMPORAL_TLS_CERT: file('client.pem') })).toThrow('TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY go together (mutual TLS needs the certificate and its key), got only TEMPORAL_TLS_CERT');
    expect(() => loadTemporalConfig({ TEMPORAL_TLS_KEY: file('client.key') })).toThrow('got only TEMPORAL_TLS_KEY');
  });

  it('names a certificate file that cannot be read, with every other problem of the start', () => {
    const missing = file('nowhere.pem');
    expect(() => loadConfig({ ...base, TEMPORAL_TLS_CA: missing, TEMPORAL_TLS: 'maybe', LOG_FORMAT: 'xml' })).toThrow(
      `Invalid environment:\n  - TEMPORAL_TLS must be true, false or empty, got "maybe"\n  - TEMPORAL_TLS_CA names a file that cannot be read (${missing}): ENOENT\n  - LOG_FORMAT must be one of json, pretty, got "xml"`,
    );
  });

  it('refuses TLS settings beside TEMPORAL_TLS=false rather than ignoring them', () => {
    expect(() => loadTemporalConfig({ TEMPORAL_TLS: 'false', TEMPORAL_TLS_CA: file('ca.pem'), TEMPORAL_TLS_SERVER_NAME: 'x' })).toThrow(
      'TEMPORAL_TLS is false but TEMPORAL_TLS_CA, TEMPORAL_TLS_SERVER_NAME are set: drop TEMPORAL_TLS or set it to true',
    );
  });
});

describe('logs and metrics (LOG_FORMAT, LOG_LEVEL, METRICS_TOKEN)', () => {
  const base = { DATABASE_URL: 'postgres://tandem@db/tandem', JWT_SECRET: 'x'.repeat(32) };

  it('writes JSON at info by default, with /metrics for this host only', () => {
    const config = loadConfig(base);
    expect([config.log, config.metrics]).toEqual([{ format: 'json', level: 'info' }, { token: null }]);
  });

  it('takes the readable form, another level and a scrape token', () => {
    const config = loadConfig({ ...base, LOG_FORMAT: 'pretty', LOG_LEVEL: 'debug', METRICS_TOKEN: 'scrape-me' });
    expect([config.log, config.metrics]).toEqual([{ format: 'pretty', level: 'debug' }, { token: 'scrape-me' }]);
  });

  it('refuses a level pino does not have', () => {
    expect(() => loadConfig({ ...base, LOG_LEVEL: 'verbose' })).toThrow('LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "verbose"');
  });
});
