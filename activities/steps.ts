/** Where in which workflow a write comes from; the pair makes the write happen once. */
export interface Step {
  workflowId: string;
  stepKey: string;
  projectId: string;
}

/** A step whose work may belong to a reporting campaign instead of a project (its tasks and deadlines). */
export type OwnedStep = Omit<Step, 'projectId'> & { projectId: string | null; campaignId?: string | null };

export const date = (iso: string | null | undefined): Date | null => (iso ? new Date(iso) : null);
