import { Inject, Injectable } from '@nestjs/common';
import { Client, WithStartWorkflowOperation, WorkflowNotFoundError, type QueryDefinition, type SignalDefinition, type UpdateDefinition, type Workflow, type WorkflowStartOptions } from '@temporalio/client';
import type { Config } from '../../../libs/config/index.js';
import { CONFIG } from '../core/core.module.js';
import type { WorkflowPort } from '../../../libs/hand-over/workflow-port.js';
import { Refusal, refusalFromTemporal } from '../http/refusal.js';

export interface UpdateContext {
  /** The request's Idempotency-Key (or a fresh id): the same id on the same execution never acts twice. */
  updateId: string;
  /** The project the command is about, so a refusal is audited in that project's chain. */
  projectId: string | null;
}

/**
 * Every command the API sends to a workflow goes through here, so a validator's refusal becomes the same answer
 * (and the same audit event, in the error filter) whichever route sent it. Each command has one deadline for all
 * of its calls: an update polls for its outcome call after call, and a deadline per call would let it poll for
 * ever while no worker runs. Past the deadline the filter answers 503, and a retry with the same Idempotency-Key
 * finds the update instead of acting twice.
 */
@Injectable()
export class WorkflowGateway {
  constructor(
    private readonly client: Client,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  private withinDeadline<T>(fn: () => Promise<T>): Promise<T> {
    return this.client.connection.withDeadline(Date.now() + this.config.deadlines.temporalMs, fn);
  }

  /** Every Tandem update takes one argument: the command, with the actor inside it. */
  async update<Ret, Arg>(workflowId: string, def: UpdateDefinition<Ret, [Arg]> | string, arg: Arg, ctx: UpdateContext): Promise<Ret> {
    try {
      return await this.withinDeadline(() => this.client.workflow.getHandle(workflowId).executeUpdate(def, { args: [arg], updateId: ctx.updateId }));
    } catch (error) {
      throw refusalFromTemporal(error, ctx.projectId) ?? error;
    }
  }

  /** A signal, within the same deadline as a command: a Temporal server that does not answer never holds a request. */
  async signal<Arg>(workflowId: string, def: SignalDefinition<[Arg]>, arg: Arg): Promise<void> {
    await this.withinDeadline(() => this.client.workflow.getHandle(workflowId).signal(def, arg));
  }

  /** A query (what a running execution holds now), within the same deadline. */
  async query<Ret>(workflowId: string, def: QueryDefinition<Ret, []> | string): Promise<Ret> {
    return this.withinDeadline(() => this.client.workflow.getHandle(workflowId).query<Ret>(def));
  }

  /** The hand-over's way to the workflows (libs/hand-over): a refusal comes back as an answer, not thrown. */
  readonly port: WorkflowPort = {
    query: (workflowId, query) => this.query(workflowId, query),
    update: async <Ret>(workflowId: string, update: string, arg: unknown, ctx: UpdateContext) => {
      try {
        return { value: await this.update<Ret, unknown>(workflowId, update, arg, ctx) };
      } catch (error) {
        if (!(error instanceof Refusal)) throw error;
        return { refused: { code: error.code, message: error.message } };
      }
    },
  };

  /**
   * Starts the execution if it is not running and sends the update in the same request, so the answer already
   * shows the new state. A running execution is reused (a second submit reaches its validator); a closed one is
   * never started again, because a business id names one execution for good.
   */
  async updateWithStart<Ret, Arg>(
    workflowType: string,
    start: WorkflowStartOptions<Workflow>,
    def: UpdateDefinition<Ret, [Arg]>,
    arg: Arg,
    ctx: UpdateContext,
  ): Promise<Ret> {
    const startWorkflowOperation = new WithStartWorkflowOperation(workflowType, {
      ...start,
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    });
    try {
      return await this.withinDeadline(() => this.client.workflow.executeUpdateWithStart(def, { args: [arg], updateId: ctx.updateId, startWorkflowOperation }));
    } catch (error) {
      throw refusalFromTemporal(error, ctx.projectId) ?? error;
    }
  }

  /**
   * The answer an update with this id already gave, for a request retried after its first answer was lost; undefined
   * when there is none (another request, a refused one, or an execution that has closed).
   */
  async earlierResult<Ret>(workflowId: string, ctx: UpdateContext): Promise<{ value: Ret } | undefined> {
    try {
      return { value: await this.withinDeadline(() => this.client.workflow.getHandle(workflowId).getUpdateHandle<Ret>(ctx.updateId).result()) };
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return undefined;
      throw refusalFromTemporal(error, ctx.projectId) ?? error;
    }
  }
}
