import { condition, isCancellation, log, patched } from '@temporalio/workflow';
import { noticeKey } from '../libs/domain/index.js';
import { directory, notify, nowIso, projects } from './activity-proxies.js';
import { reasonOf } from './failure-reason.js';
import type { AttentionCounters, ProjectLifecycleState } from './project-lifecycle.messages.js';

/** What attention needs of its project year. */
export interface AttendedYear {
  /** The state the query shows: its `attention` is the mark admins see. */
  readonly state: ProjectLifecycleState;
  /** The title admins are told of, as it stands when a step fails (a resubmission may change it). */
  readonly title: string;
  step(stepKey: string): { workflowId: string; stepKey: string; projectId: string };
}

/**
 * A project year's steps that fail for good: the project is marked as needing attention, admins are told, and the
 * year waits for an admin's resume. One round per step that failed; a resume releases every round up to the latest.
 */
export class ProjectAttention {
  private rounds: number;
  private resumedRounds: number;
  /** The admin of the latest resume: named when a failed item starts again. */
  resumedBy: string | null = null;

  /** A continued run goes on counting from where the last one stopped (`carried`). */
  constructor(
    private readonly year: AttendedYear,
    carried?: AttentionCounters,
  ) {
    this.rounds = carried?.rounds ?? 0;
    this.resumedRounds = carried?.resumedRounds ?? 0;
  }

  get counters(): AttentionCounters {
    return { rounds: this.rounds, resumedRounds: this.resumedRounds };
  }

  /**
   * Runs a step of the year. A step that fails for good (a refusal, a value the database cannot store, an outage
   * longer than the activities' bound) no longer fails the year and leaves the project frozen with nobody told:
   * the project is marked as needing attention, admins are told, and the step runs again once an admin resumes
   * the year.
   */
  async carefully<T>(stepName: string, work: () => Promise<T>): Promise<T> {
    for (;;) {
      try {
        return await work();
      } catch (error) {
        if (isCancellation(error)) throw error;
        await this.awaitAdmin(stepName, reasonOf(error));
      }
    }
  }

  /**
   * A step on a child the year does not wait on for its outcome (a quarter's due date, whose reminders are all it
   * adds). Run again, a child that failed fails again at once, so the year waited for an admin for ever: now the
   * admin's resume carries the year on without it (patched; before, the step ran again after every resume).
   */
  async besideTheYear(stepName: string, work: () => Promise<unknown>): Promise<void> {
    try {
      await work();
    } catch (error) {
      if (isCancellation(error)) throw error;
      await this.awaitAdmin(stepName, reasonOf(error));
      if (patched('failed-child-carried-on')) return;
      await this.carefully(stepName, work);
    }
  }

  /**
   * An item that fails unexpectedly (a write refused for good) no longer stops with nobody told: while the year runs,
   * the project is marked as needing attention and the admins are told (patched). The year itself never waits on an
   * item, so it goes on meanwhile. The admin's resume clears the mark and, patched since, starts the item again under
   * its own workflow id (a failed run's id may be reused), from where the ledger says it stands.
   */
  async watchItem(description: string, outcome: Promise<unknown>, restart: (resumedBy: string | null) => Promise<void>): Promise<void> {
    try {
      await outcome;
    } catch (error) {
      if (isCancellation(error) || !patched('item-failure-needs-attention')) return;
      const stepName = `整改事项“${description}”`;
      await this.awaitAdmin(stepName, reasonOf(error));
      if (!patched('item-restarted-on-resume')) return;
      await this.carefully(stepName, () => restart(this.resumedBy));
    }
  }

  /** An admin's resume: the mark is cleared and every step waiting so far runs on. */
  async resume(actorId: string): Promise<void> {
    const round = this.rounds;
    await projects.clearProjectAttention({ ...this.year.step(`resume:${round}`), actorId });
    this.year.state.attention = null;
    this.resumedBy = actorId;
    this.resumedRounds = round;
  }

  /** The project is marked as needing attention, admins are told, and the caller waits for a resume. */
  async awaitAdmin(stepName: string, reason: string): Promise<void> {
    const round = ++this.rounds;
    const step = this.year.step(`attention:${round}`);
    const { workflowId, projectId } = step;
    const since = nowIso();
    this.year.state.attention = { step: stepName, reason, since };
    log.warn('a step of the project year failed; waiting for an admin', { projectId, step: stepName, reason });
    try {
      await projects.markProjectAttention({ ...step, failedStep: stepName, reason, at: since });
      for (const adminId of await directory.resolveAdmins()) {
        const data = { projectTitle: this.year.title, step: stepName, reason };
        await notify({ key: noticeKey(workflowId, `attention:${round}`, adminId), recipientId: adminId, kind: 'project_attention', projectId, data });
      }
    } catch (error) {
      // The database may be what failed: the state query still shows the mark, and the year waits either way.
      log.error('could not record that the project needs attention', { projectId, error: reasonOf(error) });
    }
    await condition(() => this.resumedRounds >= round);
  }
}
