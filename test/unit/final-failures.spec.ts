import { ActivityFailure, ApplicationFailure, WorkflowUpdateFailedError } from '@temporalio/client';
import { QueryFailedError } from 'typeorm';
import { finalFailureOf } from '../../activities/failures.js';
import { refusalFromTemporal } from '../../apps/api/http/refusal.js';
import { DomainError } from '../../libs/domain/index.js';

/** A Postgres error as TypeORM throws it: the driver's error, with its SQLSTATE, under `driverError`. */
const pgError = (code: string, message: string) => new QueryFailedError('UPDATE x', [], Object.assign(new Error(message), { code }));

describe(finalFailureOf.name, () => {
  it.each([
    ['22P05', 'unsupported Unicode escape sequence', 'INVALID_DATA', 'a value in this request cannot be stored'],
    ['22001', 'value too long for type character varying(10)', 'INVALID_DATA', 'a value in this request cannot be stored'],
    ['23505', 'duplicate key value violates unique constraint', 'CONSTRAINT', 'this change conflicts with the data already stored'],
    ['23514', 'new row violates check constraint', 'CONSTRAINT', 'this change conflicts with the data already stored'],
  ])('makes SQLSTATE %s final, typed and explained', (code, pgMessage, type, message) => {
    const failure = finalFailureOf(pgError(code, pgMessage)) as ApplicationFailure;
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect([failure.type, failure.nonRetryable, failure.details]).toEqual([type, true, [code]]);
    expect(failure.message).toBe(`${message} (${pgMessage})`);
  });

  it.each([
    ['08006', 'connection failure'],
    ['40001', 'could not serialize access due to concurrent update'],
    ['57P01', 'terminating connection due to administrator command'],
  ])('leaves SQLSTATE %s to be retried', (code, pgMessage) => {
    const error = pgError(code, pgMessage);
    expect(finalFailureOf(error)).toBe(error);
  });

  it('leaves an error without SQLSTATE (a refused connection) to be retried', () => {
    const error = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    expect(finalFailureOf(error)).toBe(error);
  });

  it("makes a domain refusal final under its own code, so the API answers with the refusal's status", () => {
    const failure = finalFailureOf(new DomainError('NO_APPROVER', 'nobody can decide this level')) as ApplicationFailure;
    expect([failure.type, failure.nonRetryable, failure.message]).toEqual(['NO_APPROVER', true, 'nobody can decide this level']);
  });
});

describe(refusalFromTemporal.name, () => {
  const failedUpdate = (type: string, message: string) =>
    new WorkflowUpdateFailedError(
      'Workflow Update failed',
      new ActivityFailure('Activity task failed', 'recordDecision', '7', 'NON_RETRYABLE_FAILURE', 'worker', ApplicationFailure.create({ type, message, nonRetryable: true })),
    );

  it.each([
    ['INVALID_DATA', 400],
    ['CONSTRAINT', 409],
  ])('answers an update whose activity failed for good with %s as %i, with the reason', (type, status) => {
    const refusal = refusalFromTemporal(failedUpdate(type, 'a value in this request cannot be stored (x)'), 'p-1');
    expect([refusal?.status, refusal?.code, refusal?.message]).toEqual([status, type, 'a value in this request cannot be stored (x)']);
  });
});
