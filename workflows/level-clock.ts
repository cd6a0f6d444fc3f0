import { condition, patched, startChild, type ChildWorkflowHandle, type ChildWorkflowOptions } from '@temporalio/workflow';
import {
  approvalPurposeLabels,
  deadlineWorkflowId,
  levelDueRef,
  levelSchedule,
  pendingApprovers,
  type ChainState,
  type LevelSchedule,
  type WorkdayList,
} from '../libs/domain/index.js';
import { nowIso } from './activity-proxies.js';
import type { ApprovalChainInput } from './approval-chain.messages.js';
import { satisfySignal } from './deadline.messages.js';
import type { deadline } from './deadline.workflow.js';

/**
 * The clock of an approval chain's open level (a deadline child: reminders before its due time, escalation to the
 * approvers' superior after it) and the level's due date. The chain tells it when a level closes and opens; starting
 * and stopping clocks is left to the chain's main loop (`behind`, `move`), so no update handler waits on it.
 */
export class LevelClock {
  /** Before `clock-opens-with-level`: the open level's clock, started and stopped from the main loop. */
  private clock: { key: string; handle: ChildWorkflowHandle<typeof deadline> } | null = null;
  /**
   * When the decision that closed the level was made: the moment that counts for its deadline, however long the loop
   * then takes to reach the clock (before it, mail it was still sending).
   */
  private stoppedAt: string | null = null;
  /**
   * A chain started since `clock-opens-with-level` starts each level's clock in the same step that opens its tasks
   * (`levelOpened`), so no decision can come between them: before it, the main loop started the clock afterwards, and a
   * level decided in that gap never got a deadline. Asked once, at the start, so a run never mixes the two.
   */
  private readonly opensWithLevel = patched('clock-opens-with-level');
  /** Since `clock-opens-with-level`: the open level's clock, told when its level closes. */
  private levelClock: { key: string; stoppedAt: string | null } | null = null;
  /** Since `clock-opens-with-level`: each level's clock, running beside the chain until it has stopped. */
  readonly running: Promise<void>[] = [];
  /** A clock that could not start: the main loop fails the chain with it, as it did when it started clocks itself. */
  failure: unknown = null;
  /** Each round of a level falls due once, counted from when it opened (policy `levelDeadline`). */
  private readonly levelDue = new Map<string, LevelSchedule>();
  /** Working days ahead, fetched once when the policy counts level due dates in working days. */
  workdays: WorkdayList | null = null;
  private readonly purposeLabel: string;

  /** `state` reads the chain's state as it is now: each action replaces it. */
  constructor(
    private readonly input: ApprovalChainInput,
    private readonly state: () => ChainState,
  ) {
    this.purposeLabel = approvalPurposeLabels[input.purpose];
  }

  /** The level now open has no clock, or the clock of a level already closed. */
  behind(): boolean {
    const clockKey = this.opensWithLevel ? this.levelClock?.key : this.clock?.key;
    return Boolean(this.input.levelDeadline) && (clockKey ?? null) !== this.levelKey();
  }

  /** A decision at `at` has just been applied: if it closed the level, its clock stops at that moment. */
  decided(at: string): void {
    if (this.behind()) this.stoppedAt ??= at;
  }

  /** The chain's open tasks now match its state: since `clock-opens-with-level`, a level just opened starts its clock. */
  levelOpened(): void {
    if (this.opensWithLevel && this.behind()) this.turn();
  }

  /** Stops the clock of the level just closed (at the moment of its decision) and starts the open level's. */
  async move(): Promise<void> {
    if (this.opensWithLevel) return this.turn();
    if (this.clock) {
      await this.clock.handle.signal(satisfySignal, { at: this.stoppedAt ?? nowIso() });
      await this.clock.handle.result();
      this.clock = null;
    }
    this.stoppedAt = null;
    const key = this.levelKey();
    if (!key || !this.input.levelDeadline) return;
    const handle = await startChild<typeof deadline>('deadline', this.options(key));
    this.clock = { key, handle };
  }

  /** The open level's due date, fixed when the level opened; none without a level deadline. */
  dueAt(): LevelSchedule | null {
    const key = this.levelKey();
    if (!key || !this.input.levelDeadline) return null;
    if (!this.levelDue.has(key)) this.levelDue.set(key, levelSchedule(this.input.levelDeadline, Date.now(), this.workdays));
    return this.levelDue.get(key) ?? null;
  }

  /**
   * Since `clock-opens-with-level`: tells the closed level's clock when its level closed and starts the open level's,
   * both without waiting, so the step that opens a level answers no later for it; each clock then runs beside the chain.
   */
  private turn(): void {
    if (this.levelClock) this.levelClock.stoppedAt = this.stoppedAt ?? nowIso();
    this.stoppedAt = null;
    const key = this.levelKey();
    this.levelClock = key && this.input.levelDeadline ? { key, stoppedAt: null } : null;
    if (!this.levelClock) return;
    const clock = this.levelClock;
    const started = startChild<typeof deadline>('deadline', this.options(key as string));
    const run = (async () => {
      const handle = await started;
      await condition(() => clock.stoppedAt !== null);
      await handle.signal(satisfySignal, { at: clock.stoppedAt as string });
      await handle.result();
    })();
    this.running.push(
      run.catch((error: unknown) => {
        this.failure ??= error;
      }),
    );
  }

  /** The deadline child that keeps the open level's clock. */
  private options(key: string): ChildWorkflowOptions & { args: Parameters<typeof deadline> } {
    const { input } = this;
    const state = this.state();
    const policy = input.levelDeadline as NonNullable<ApprovalChainInput['levelDeadline']>;
    const level = state.levels[state.current];
    const schedule = this.dueAt() as LevelSchedule;
    // Started by name: a deadline starts extension chains too, and a runtime import each way would be a cycle.
    return {
      workflowId: deadlineWorkflowId(key),
      args: [
        {
          ref: key,
          projectId: input.projectId,
          projectTitle: input.subject,
          title: `${this.purposeLabel}（${level.unitName}）`,
          kind: 'approval',
          ownerIds: pendingApprovers(state),
          unitId: level.unitId,
          ladder: { remindBefore: policy.remindBefore, escalate: policy.escalateAfter.map((after) => ({ after, to: 'parent_unit_secretary' as const })) },
          dueAt: schedule.dueAt,
          ...(schedule.rule ? { remindAt: schedule.remindAt, rule: schedule.rule } : {}),
        },
      ],
    };
  }

  /** The open level's visit: a level sent back to and reopened has a clock and a due date of its own; none once ended. */
  private levelKey(): string | null {
    const state = this.state();
    return state.status === 'pending' ? levelDueRef(this.input.ref, state.current, state.levelStart ?? 0) : null;
  }
}
