import { useCallback, useState } from 'react';
import { newIdempotencyKey } from './client';
import { ApiError } from './errors';

/**
 * A form's Idempotency-Key. Kept while a retry might repeat what the server already did (no answer, or a 5xx); made
 * afresh once the server refused the action (a 4xx: nothing was done), so the corrected form is a new action.
 */
export function useIdempotencyKey(): [string, (error: unknown) => void] {
  const [key, setKey] = useState(newIdempotencyKey);
  const afterError = useCallback((error: unknown) => {
    if (error instanceof ApiError && error.status < 500) setKey(newIdempotencyKey());
  }, []);
  return [key, afterError];
}
