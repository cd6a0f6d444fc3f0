import { ServiceError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { QueryFailedError } from 'typeorm';
import { outageOf } from '../../apps/api/http/outage.js';

/** A gRPC status error as @grpc/grpc-js builds it: code, details and metadata. */
const grpcError = (code: number, details: string) => Object.assign(new Error(`${code} ${details}`), { code, details, metadata: {} });
const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });
const pgError = (code: string) => new QueryFailedError('SELECT 1', [], withCode('pg says no', code));

describe(outageOf.name, () => {
  it('reads an unreachable, restarting, full or too slow Postgres as a database outage, however TypeORM wraps it', () => {
    const outages = [
      withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'),
      new AggregateError([withCode('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED')], 'all addresses failed'),
      withCode('read ECONNRESET', 'ECONNRESET'),
      new Error('timeout exceeded when trying to connect'),
      new Error('Connection terminated due to connection timeout'),
      new Error('Connection terminated unexpectedly'),
      new Error('Query read timeout'),
      pgError('57P01'),
      pgError('57P03'),
      pgError('08006'),
      pgError('53300'),
      pgError('57014'),
    ];
    expect(outages.map(outageOf)).toEqual(outages.map(() => 'database'));
  });

  it('reads gRPC UNAVAILABLE and DEADLINE_EXCEEDED, bare or inside a ServiceError, as a Temporal outage', () => {
    expect(outageOf(grpcError(14, 'No connection established'))).toBe('temporal');
    expect(outageOf(new ServiceError('Update-With-Start failed', { cause: grpcError(14, 'connect ECONNREFUSED') }))).toBe('temporal');
    expect(outageOf(new ServiceError('Failed to query', { cause: grpcError(4, 'Deadline exceeded') }))).toBe('temporal');
    expect(outageOf(new WorkflowUpdateRPCTimeoutOrCancelledError('Timed out', { cause: grpcError(4, 'Deadline exceeded') }))).toBe('unconfirmed');
  });

  it('reads an update refused while the workflow task is retried after a worker died as a passing state, not a bug', () => {
    const refused = grpcError(9, 'Unable to perform workflow execution update due to Workflow Task in failed state.');
    expect(outageOf(new ServiceError('Workflow Update failed', { cause: refused }))).toBe('recovering');
    expect(outageOf(new ServiceError('Failed', { cause: grpcError(9, 'some other precondition') }))).toBeUndefined();
  });

  it('leaves bad data, conflicts, other gRPC answers and bugs alone, so they are never mistaken for an outage', () => {
    const faults = [
      pgError('23505'),
      pgError('22P05'),
      pgError('42P01'),
      new ServiceError('Failed', { cause: grpcError(5, 'workflow not found') }),
      new ServiceError('Failed', { cause: grpcError(3, 'invalid argument') }),
      new TypeError("Cannot read properties of undefined (reading 'attendeeIds')"),
      'a string',
      undefined,
    ];
    expect(faults.map(outageOf)).toEqual(faults.map(() => undefined));
  });
});
