import { uuid4 } from '@temporalio/workflow';
import { chainDecisions, quarterEnd, reviewRef, type DueRule, type DueSchedule } from '../libs/domain/index.js';
import { calendar, directory, notify, tasks } from './activity-proxies.js';
import type { ApprovalChainInput } from './approval-chain.messages.js';
import type { DeadlineInput } from './deadline.messages.js';
import type { ProjectLifecycleInput, QuarterState } from './project-lifecycle.messages.js';
import type { ProjectYear } from './project-lifecycle.state.js';

/**
 * What a quarter's steps start, the same whether the year holds its children by handle (runs begun before
 * `year-continues-with-children`) or by their reported outcomes (project-year-active.ts).
 */
export class QuarterSteps {
  constructor(
    private readonly year: ProjectYear,
    private readonly input: ProjectLifecycleInput,
  ) {}

  reportTitle(q: QuarterState): string {
    return `${this.input.year}年第${q.quarter}季度报告`;
  }

  /** The quarter's due date under a due rule, from the working-day calendar as it stands when the quarter opens. */
  scheduleDue(q: QuarterState, rule: DueRule): Promise<DueSchedule> {
    const { remindOn } = this.input.policy.quarterly;
    return this.year.attention.carefully(`quarter ${q.quarter} report`, () => calendar.scheduleDue({ periodEnd: quarterEnd(this.input.year, q.quarter), rule, reminders: remindOn ?? [] }));
  }

  /** The due date's input, once a due rule's schedule (if any) is known. */
  dueDate(q: QuarterState, ref: string, schedule: DueSchedule | null): DeadlineInput {
    const { input, year } = this;
    const { dueRule, remindOn } = input.policy.quarterly;
    const uncovered = schedule?.uncoveredYears ?? [];
    return {
      ref,
      projectId: input.projectId,
      projectTitle: year.title,
      title: this.reportTitle(q),
      kind: 'report',
      ownerIds: [input.ownerId],
      subjectId: String(q.quarter),
      unitId: input.unitId,
      dueAt: q.dueAt,
      ladder: input.policy.quarterly.ladder,
      ...(schedule ? { remindAt: schedule.remindAt, rule: schedule.rule } : {}),
      // Q4's date falls in a January whose holidays may not be published yet: it is computed again once they are.
      ...(dueRule && uncovered.length > 0 ? { guessed: { periodEnd: quarterEnd(input.year, q.quarter), rule: dueRule, reminders: remindOn ?? [], uncoveredYears: uncovered } } : {}),
    };
  }

  /** Under a due rule: the schedule, with the quarter's date set from it and admins told of years the calendar does not cover. */
  async scheduled(q: QuarterState): Promise<DueSchedule | null> {
    const { dueRule } = this.input.policy.quarterly;
    const schedule = dueRule ? await this.scheduleDue(q, dueRule) : null;
    if (schedule) q.dueAt = schedule.dueAt;
    const uncovered = schedule?.uncoveredYears ?? [];
    if (uncovered.length > 0) await this.tellAdminsUncovered(uncovered);
    return schedule;
  }

  /** Opens the round's report task; its step key is the round's, so opening it again is a no-op. */
  openReportTask(q: QuarterState, round: number): Promise<unknown> {
    // The task id is drawn once, so a retried write is the same write.
    const reportTask = { id: uuid4(), stepKey: `report:q${q.quarter}:r${round}`, kind: 'report' as const, assigneeId: this.input.ownerId, title: this.reportTitle(q), dueAt: q.dueAt, subjectId: String(q.quarter) };
    return this.year.attention.carefully(`quarter ${q.quarter} report`, () => tasks.openTasks({ ...this.year.step(`report-task:q${q.quarter}:r${round}`), tasks: [reportTask] }));
  }

  review(q: QuarterState, round: number): ApprovalChainInput {
    const { year, input } = this;
    return {
      ref: reviewRef(input.projectId, q.quarter, round),
      purpose: 'report_review',
      projectId: input.projectId,
      subject: `${this.reportTitle(q)} · ${year.title}`,
      submitterId: input.ownerId,
      levels: year.reviewLevels,
      allowed: [...chainDecisions.report_review],
      rated: true,
      ...year.chainOptions(),
    };
  }

  /** Once per year and admin across all projects: the key names the year, not this workflow. */
  async tellAdminsUncovered(years: number[]): Promise<void> {
    const admins = await this.year.attention.carefully('calendar check', () => directory.resolveAdmins());
    for (const calendarYear of years) {
      for (const adminId of admins) {
        const data = { year: calendarYear, projectTitle: this.year.title };
        await notify({ key: `calendar-uncovered/${calendarYear}/${adminId}`, recipientId: adminId, kind: 'calendar_uncovered', projectId: this.input.projectId, data });
      }
    }
  }
}
