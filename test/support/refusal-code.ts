import { WorkflowUpdateFailedError } from '@temporalio/client';
import { DomainError } from '../../libs/domain/index.js';

/** The DomainError code a call refuses with, or 'accepted'. Anything else thrown is a real failure. */
export function refusalCodeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  return 'accepted';
}

/** The refusal code a workflow update was rejected with; an update that was accepted fails the test. */
export async function updateRefusalCode(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
  return ((error as WorkflowUpdateFailedError).cause as { type?: string }).type ?? 'none';
}
