import { Context } from '@temporalio/activity';

/** Where in which workflow a write comes from; the pair makes the write happen once. */
export interface Step {
  workflowId: string;
  stepKey: string;
  projectId: string;
}

/** A step whose work may belong to a reporting campaign instead of a project (its tasks and deadlines). */
export type OwnedStep = Omit<Step, 'projectId'> & { projectId: string | null; campaignId?: string | null };

export const date = (iso: string | null | undefined): Date | null => (iso ? new Date(iso) : null);

/**
 * What a write answers when run as a local activity: its own input. The history of a local activity keeps its result
 * and not its input, so this is how an auditor reading a history (libs/audit/history-steps.ts) still sees what each
 * write recorded. An ordinary activity's history has its input already and answers nothing more.
 */
export function recorded<T extends Step | OwnedStep>(input: T): T | null {
  return Context.current().info.isLocal ? input : null;
}
