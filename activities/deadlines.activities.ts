import type { DeadlineEvent, GuessedSchedule, TaskKind } from '../libs/domain/index.js';
import { DeadlineEntity } from '../libs/db/entities/index.js';
import { applyStep } from '../libs/db/repositories/step.repository.js';
import type { ActivityDeps } from './deps.js';
import { date, type OwnedStep } from './steps.js';

/** The read model of due dates: each deadline row and its events, written once per workflow step. */
export function createDeadlinesActivities({ ds }: ActivityDeps) {
  return {
    async recordDeadline(
      input: OwnedStep & {
        ref: string;
        kind: TaskKind;
        title: string;
        dueAt: string;
        status: DeadlineEntity['status'];
        submittedAt: string | null;
        rule?: string | null;
        /** A pause, resumption or extension, appended to the deadline's events. */
        event?: DeadlineEvent;
        /** The subject of the work (a quarter, a rectification item, a unit): its tasks move with an extension. */
        subjectId?: string;
        /** How a date guessed on a weekends-only year was computed; null once settled; absent: left as it is. */
        guessed?: GuessedSchedule | null;
      },
    ): Promise<void> {
      const { workflowId, stepKey, projectId, ref, kind, title, dueAt, status, submittedAt, event } = input;
      const rule = input.rule ?? null;
      const campaignId = input.campaignId ?? null;
      const action = event ? `deadline_${event.kind}` : `deadline_${status}`;
      await applyStep(
        ds,
        {
          workflowId,
          stepKey,
          projectId,
          campaignId,
          actorId: event?.actorId ?? null,
          action,
          entity: 'deadline',
          entityId: ref,
          detail: { dueAt, submittedAt, title, ...(rule ? { rule } : {}), ...(event?.reason ? { reason: event.reason } : {}) },
        },
        async (m) => {
          const before = event ? await m.findOneBy(DeadlineEntity, { ref }) : null;
          await m.upsert(
            DeadlineEntity,
            {
              ref,
              projectId,
              campaignId,
              kind,
              title,
              dueAt: new Date(dueAt),
              rule,
              status,
              submittedAt: date(submittedAt),
              updatedAt: new Date(),
              ...(input.guessed !== undefined ? { guessed: input.guessed } : {}),
            },
            ['ref'],
          );
          // 双问责: an item overdue makes both its owners accountable, for good, whatever happens to it afterwards.
          if (status === 'overdue' && kind === 'evidence' && input.subjectId) {
            await m.query(`UPDATE rectification_item SET accountable_at = COALESCE(accountable_at, now()) WHERE id = $1`, [input.subjectId]);
          }
          if (!event) return;
          await m.query(`UPDATE deadline SET events = events || $1::jsonb WHERE ref = $2`, [JSON.stringify([event]), ref]);
          // An extension moves the open tasks owing the same work: same project, kind and subject, due at the old time.
          if (before && before.dueAt.getTime() !== Date.parse(dueAt)) {
            await m.query(
              `UPDATE task SET due_at = $1
                WHERE status = 'open' AND kind = $2 AND due_at = $3 AND (project_id = $4 OR campaign_id = $5) AND ($6::text IS NULL OR subject_id = $6)`,
              [new Date(dueAt), kind, before.dueAt, projectId, campaignId, input.subjectId ?? null],
            );
          }
        },
      );
    },
  };
}
