import { readFileSync } from 'node:fs';
import type { TemporalConfig } from './index.js';

/** The variables that decide how Temporal is reached over TLS (their specs are in index.ts with the others). */
type TlsVariable = 'TEMPORAL_TLS' | (typeof tlsImplying)[number];

/** A file named by a variable, read now: a wrong path fails the start, naming the variable, not the first call. */
function fileOf(name: TlsVariable, path: string, errors: string[]): Buffer | null {
  if (path === '') return null;
  try {
    return readFileSync(path);
  } catch (error) {
    errors.push(`${name} names a file that cannot be read (${path}): ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    return null;
  }
}

/**
 * TLS is on when asked for, or implied by a CA, a client certificate or an API key; an API key is never sent in clear,
 * and a client certificate comes with its key. Every combination that cannot work is refused at start.
 */
const tlsImplying = ['TEMPORAL_TLS_CA', 'TEMPORAL_TLS_CERT', 'TEMPORAL_TLS_KEY', 'TEMPORAL_TLS_SERVER_NAME', 'TEMPORAL_API_KEY'] as const;

export function temporalTlsOf(read: (name: TlsVariable) => string, errors: string[]): Pick<TemporalConfig, 'tls' | 'apiKey'> {
  const asked = read('TEMPORAL_TLS');
  if (!['', 'true', 'false'].includes(asked)) errors.push(`TEMPORAL_TLS must be true, false or empty, got "${asked}"`);
  const set = tlsImplying.filter((name) => read(name) !== '');
  const apiKey = read('TEMPORAL_API_KEY');
  if (set.includes('TEMPORAL_TLS_CERT') !== set.includes('TEMPORAL_TLS_KEY')) {
    errors.push(`TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY go together (mutual TLS needs the certificate and its key), got only ${set.includes('TEMPORAL_TLS_CERT') ? 'TEMPORAL_TLS_CERT' : 'TEMPORAL_TLS_KEY'}`);
  }
  if (asked === 'false' && set.length > 0) {
    const clear = apiKey ? 'an API key is never sent in clear; ' : '';
    errors.push(`TEMPORAL_TLS is false but ${set.join(', ')} ${set.length > 1 ? 'are' : 'is'} set: ${clear}drop TEMPORAL_TLS or set it to true`);
  }
  const ca = fileOf('TEMPORAL_TLS_CA', read('TEMPORAL_TLS_CA'), errors);
  const crt = fileOf('TEMPORAL_TLS_CERT', read('TEMPORAL_TLS_CERT'), errors);
  const key = fileOf('TEMPORAL_TLS_KEY', read('TEMPORAL_TLS_KEY'), errors);
  const on = asked === 'true' || (asked === '' && set.length > 0);
  return {
    tls: on ? { serverRootCa: ca, clientCertPair: crt && key ? { crt, key } : null, serverName: read('TEMPORAL_TLS_SERVER_NAME') || null } : null,
    apiKey: apiKey || null,
  };
}
