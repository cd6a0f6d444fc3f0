import { defineUpdate } from '@temporalio/workflow';

/** Apart from the workflows, so the load generator can import it without loading workflow code. */
export const pingUpdate = defineUpdate<number, [number]>('ping');
