import type { ReviewRatings } from '../libs/domain/index.js';
import { reportRef } from '../libs/domain/index.js';
import { DeadlineEntity, ReportEntity, TaskEntity } from '../libs/db/entities/index.js';
import { applyStep } from '../libs/db/repositories/step.repository.js';
import type { ActivityDeps } from './deps.js';
import type { Step } from './steps.js';

/** Quarterly reports: each round submitted, and the review's outcome. */
export function createQuarterlyActivities({ ds }: ActivityDeps) {
  return {
    async recordReport(
      input: Step & { reportId: string; quarter: number; round: number; content: string; actorId: string; at: string; dueAt: string },
    ): Promise<void> {
      const { workflowId, stepKey, projectId, reportId, quarter, round, content, actorId, at } = input;
      // The quarter's deadline holds the due date as extensions (延期) left it; the workflow knows only the first one.
      const deadline = await ds.getRepository(DeadlineEntity).findOneBy({ ref: reportRef(projectId, quarter) });
      const dueAt = deadline?.dueAt.toISOString() ?? input.dueAt;
      const late = Date.parse(at) > Date.parse(dueAt);
      await applyStep(
        ds,
        { workflowId, stepKey, projectId, actorId, action: 'report_submitted', entity: 'report', entityId: reportId, detail: { quarter, round, late }, at: new Date(at) },
        async (m) => {
          await m.insert(ReportEntity, {
            id: reportId,
            projectId,
            quarter,
            round,
            content,
            submittedBy: actorId,
            submittedAt: new Date(at),
            dueAt: new Date(dueAt),
            late,
            status: 'submitted',
          });
          await m.update(TaskEntity, { projectId, kind: 'report', subjectId: String(quarter), status: 'open' }, {
            status: 'done',
            outcome: 'submitted',
            closedAt: new Date(at),
          });
        },
      );
    },

    async recordReportOutcome(input: Step & { quarter: number; round: number; status: 'accepted' | 'sent_back'; ratings?: ReviewRatings | null }): Promise<void> {
      const { workflowId, stepKey, projectId, quarter, round, status } = input;
      const ratings = input.ratings ?? null;
      await applyStep(
        ds,
        { workflowId, stepKey, projectId, actorId: null, action: `report_${status}`, entity: 'report', detail: { quarter, round, ...(ratings ? { ratings } : {}) } },
        async (m) => {
          await m.update(ReportEntity, { projectId, quarter, round }, { status, ratings });
        },
      );
    },
  };
}
