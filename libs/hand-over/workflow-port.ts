/**
 * How the hand-over reaches the running workflows that hold the work: the API through its gateway, the scheduled
 * 换届's activity through the worker's client. Messages go by their Temporal names (workflows/*.messages.ts), which
 * are frozen: a server lib may not import the workflows' definitions.
 */
export interface WorkflowPort {
  query<Ret>(workflowId: string, query: WorkflowQueryName): Promise<Ret>;
  /** The update's answer, or the workflow's refusal (its code and its message), which the caller reports. */
  update<Ret>(workflowId: string, update: WorkflowUpdateName, arg: unknown, ids: { updateId: string; projectId: string | null }): Promise<{ value: Ret } | Refused>;
}

export interface Refused {
  refused: { code: string; message: string };
}

export const isRefused = (answer: object): answer is Refused => 'refused' in answer;

export type WorkflowQueryName = 'chainState';
export type WorkflowUpdateName = 'delegate' | 'handOverPlaces' | 'changeHolder' | 'handOverWork';
