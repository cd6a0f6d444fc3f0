import { allHandlersFinished, condition, getExternalWorkflowHandle, ParentClosePolicy, setHandler, startChild, workflowInfo } from '@temporalio/workflow';
import { approvalWorkflowId, deadlineWorkflowId, evaluationWorkflowId, rectificationWorkflowId, reportRef, reviewRef } from '../libs/domain/index.js';
import { quarterly } from './activity-proxies.js';
import type { ApprovalChainResult } from './approval-chain.messages.js';
import { approvalChain } from './approval-chain.workflow.js';
import { childOutcomeSignal, type ChildOutcome, type ChildReport } from './child-outcome.messages.js';
import { satisfySignal } from './deadline.messages.js';
import { deadline } from './deadline.workflow.js';
import type { CarriedActive, ProjectLifecycleInput, QuarterProgress, QuarterState } from './project-lifecycle.messages.js';
import type { ProjectYear } from './project-lifecycle.state.js';
import { QuarterSteps } from './project-quarter.js';
import type { RectificationInput } from './rectification.messages.js';
import { rectification } from './rectification.workflow.js';
import { yearEndEvaluation } from './year-end-evaluation.workflow.js';

const evaluationRef = 'evaluation';

/**
 * The active year (quarters, then the evaluation) in a run started since `year-continues-with-children`. Its
 * children run with ABANDON and report their outcome by signal, so every wait of the year is on `outcomes` and on
 * its state, never on a handle: the year can continue as new while they run, and the next run re-enters each
 * quarter where its state stands. Between two such waits a stretch of work (activities, a wait for an admin) is
 * counted in `busy`; the year continues as new only when nothing is busy, no handler runs and no wait is about to wake.
 */
export class ActiveYear {
  private readonly outcomes: Record<string, ChildOutcome>;
  private readonly items: Record<string, RectificationInput>;
  private readonly quarters: Record<number, QuarterProgress>;
  private evaluationStarted: boolean;
  private busy = 0;
  private readonly waits = new Set<() => boolean>();
  private readonly steps: QuarterSteps;

  constructor(
    private readonly year: ProjectYear,
    private readonly input: ProjectLifecycleInput,
    carried: CarriedActive | undefined,
  ) {
    this.outcomes = carried?.outcomes ?? {};
    this.items = carried?.items ?? {};
    this.quarters = carried?.quarters ?? {};
    this.evaluationStarted = carried?.evaluationStarted ?? false;
    this.steps = new QuarterSteps(year, input);
    setHandler(childOutcomeSignal, (outcome) => {
      this.outcomes[outcome.ref] = outcome;
    });
  }

  /** Runs the quarters and the evaluation to their end (false), or stops at a point where the year may continue as new (true). */
  async run(): Promise<boolean> {
    for (const ref of Object.keys(this.items)) void this.watchItem(ref);
    const quiet = condition(() => this.mayContinue()).then(() => true);
    return Promise.race([this.course().then(() => false), quiet]);
  }

  /** What the next run starts from. */
  carried(): CarriedActive {
    const { outcomes, items, quarters, evaluationStarted } = this;
    return { reviewLevels: this.year.reviewLevels, outcomes, items, quarters, evaluationStarted, attention: this.year.attention.counters };
  }

  /** A finding's item: it outlives the year, so it is abandoned, not awaited; a failure marks the project. */
  async startItem(item: RectificationInput): Promise<void> {
    const ref = `item:${item.itemId}:${item.restart?.attempt ?? 0}`;
    await startChild(rectification, {
      workflowId: rectificationWorkflowId(item.itemId),
      parentClosePolicy: ParentClosePolicy.ABANDON,
      args: [{ ...item, reportTo: this.reportTo(ref) }],
    });
    this.items[ref] = item;
    void this.watchItem(ref);
  }

  private mayContinue(): boolean {
    return workflowInfo().continueAsNewSuggested && this.busy === 0 && allHandlersFinished() && ![...this.waits].some((ready) => ready());
  }

  private async course(): Promise<void> {
    await Promise.all(this.year.state.quarters.map((q) => this.runQuarter(q)));
    const { attention } = this.year;
    if (!this.evaluationStarted) {
      await this.work(async () => {
        await attention.carefully('year-end evaluation', () => this.year.setStage('evaluating', 'evaluating', 'evaluation_opened', null));
        await this.startEvaluation();
      });
    }
    await this.childResult(evaluationRef, 'year-end evaluation', () => this.startEvaluation());
  }

  private async runQuarter(q: QuarterState): Promise<void> {
    const { projectId } = this.input;
    const { attention } = this.year;
    const stepName = `quarter ${q.quarter} report`;
    const dueRef = reportRef(projectId, q.quarter);
    const progress = (this.quarters[q.quarter] ??= { opened: 0, reviewing: 0, due: 'unstarted' });
    if (progress.due === 'unstarted') {
      await this.work(async () => {
        const due = this.steps.dueDate(q, dueRef, await this.steps.scheduled(q));
        await this.start(deadline, deadlineWorkflowId(dueRef), { ...due, reportTo: this.reportTo(dueRef) });
        progress.due = 'running';
      });
    }
    while (q.status !== 'accepted') {
      // A report may come before its task is opened (then the wait below is over at once), as in runs before the patch.
      const round = q.status === 'submitted' ? q.round : q.round + 1;
      if (progress.opened < round) {
        await this.work(async () => {
          await this.steps.openReportTask(q, round);
          progress.opened = round;
        });
      }
      await this.until(() => q.round === round && q.status === 'submitted');
      if (progress.reviewing < round) {
        await this.work(async () => {
          if (round === 1) {
            const due = getExternalWorkflowHandle(deadlineWorkflowId(dueRef));
            await attention.besideTheYear(stepName, () => due.signal(satisfySignal, { at: q.submittedAt as string }));
          }
          await this.startReview(q, round);
          progress.reviewing = round;
        });
      }
      const review = (await this.childResult(reviewRef(projectId, q.quarter, round), `quarter ${q.quarter} review`, () => this.startReview(q, round))) as ApprovalChainResult;
      await this.work(async () => {
        const accepted = review.status === 'approved';
        const ratings = review.decisions[review.decisions.length - 1]?.ratings;
        await attention.carefully(`quarter ${q.quarter} review`, () =>
          quarterly.recordReportOutcome({
            ...this.year.step(`report-outcome:q${q.quarter}:r${round}`),
            quarter: q.quarter,
            round,
            status: accepted ? 'accepted' : 'sent_back',
            ...(ratings ? { ratings } : {}),
          }),
        );
        q.status = accepted ? 'accepted' : 'sent_back';
      });
    }
    if (progress.due === 'running') {
      // The due date adds only reminders: one that failed is told to the admins, and the year goes on past it.
      const outcome = await this.outcomeOf(dueRef);
      if (outcome.status === 'failed') await this.work(() => attention.awaitAdmin(stepName, outcome.reason));
      progress.due = 'over';
    }
  }

  private startReview(q: QuarterState, round: number): Promise<void> {
    const ref = reviewRef(this.input.projectId, q.quarter, round);
    return this.year.attention.carefully(`quarter ${q.quarter} review`, () => this.start(approvalChain, approvalWorkflowId(ref), { ...this.steps.review(q, round), reportTo: this.reportTo(ref) }));
  }

  private async startEvaluation(): Promise<void> {
    const { projectId, ownerId, unitId, year, policy } = this.input;
    const args = { projectId, title: this.year.title, ownerId, unitId, year, policy: policy.evaluation, reportTo: this.reportTo(evaluationRef) };
    await this.year.attention.carefully('year-end evaluation', () => this.start(yearEndEvaluation, evaluationWorkflowId(projectId), args));
    this.evaluationStarted = true;
  }

  private async watchItem(ref: string): Promise<void> {
    const outcome = await this.outcomeOf(ref);
    const item = this.items[ref];
    delete this.items[ref];
    if (outcome.status === 'completed') return;
    const { attention } = this.year;
    const stepName = `整改事项“${item.description}”`;
    await this.work(async () => {
      await attention.awaitAdmin(stepName, outcome.reason);
      // Started again under its own workflow id, from where the ledger says it stands.
      const restart = { attempt: (item.restart?.attempt ?? 0) + 1, actorId: attention.resumedBy };
      await attention.carefully(stepName, () => this.startItem({ ...item, restart }));
    });
  }

  /** A child's result; one that failed marks the project, and the admin's resume starts it again. */
  private async childResult(ref: string, stepName: string, startAgain: () => Promise<void>): Promise<unknown> {
    for (;;) {
      const outcome = await this.outcomeOf(ref);
      if (outcome.status === 'completed') return outcome.result;
      await this.work(async () => {
        await this.year.attention.awaitAdmin(stepName, outcome.reason);
        delete this.outcomes[ref];
        await startAgain();
      });
    }
  }

  private async outcomeOf(ref: string): Promise<ChildOutcome> {
    await this.until(() => ref in this.outcomes);
    return this.outcomes[ref];
  }

  /** A wait the next run can re-enter from the state alone. */
  private async until(ready: () => boolean): Promise<void> {
    this.waits.add(ready);
    try {
      await condition(ready);
    } finally {
      this.waits.delete(ready);
    }
  }

  /** A stretch the next run could not re-enter: the year does not continue as new during it. */
  private async work<T>(stretch: () => Promise<T>): Promise<T> {
    this.busy++;
    try {
      return await stretch();
    } finally {
      this.busy--;
    }
  }

  private async start<A>(workflow: (input: A) => Promise<unknown>, workflowId: string, input: A): Promise<void> {
    await startChild(workflow, { workflowId, args: [input], parentClosePolicy: ParentClosePolicy.ABANDON });
  }

  private reportTo(ref: string): ChildReport {
    return { workflowId: workflowInfo().workflowId, ref };
  }
}
