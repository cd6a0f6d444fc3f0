import { Injectable, ServiceUnavailableException } from '@nestjs/common';
import {
  Client,
  WithStartWorkflowOperation,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  type WorkflowStartOptions,
} from '@temporalio/client';
import { ApplicationFailure, WorkflowNotFoundError, type UpdateDefinition, type Workflow } from '@temporalio/common';
import { isDomainErrorCode } from '../../../libs/domain/index.js';
import { Refusal, statusForCode } from '../http/refusal.js';

export interface UpdateContext {
  updateId: string;
  projectId: string | null;
}

/**
 * Every command the API sends to a workflow goes through here, so a validator's refusal always becomes the
 * same 4xx with its reason, whichever route sent it.
 */
@Injectable()
export class WorkflowGateway {
  constructor(readonly client: Client) {}

  /** Every Tandem update takes one argument: the command, with the actor inside it. */
  async update<Ret, Arg>(workflowId: string, def: UpdateDefinition<Ret, [Arg]>, arg: Arg, ctx: UpdateContext): Promise<Ret> {
    try {
      return await this.client.workflow.getHandle(workflowId).executeUpdate(def, { args: [arg], updateId: ctx.updateId });
    } catch (error) {
      throw this.translate(error, ctx.projectId);
    }
  }

  async updateWithStart<Ret, Arg>(
    workflowType: string,
    start: WorkflowStartOptions<Workflow>,
    def: UpdateDefinition<Ret, [Arg]>,
    arg: Arg,
    ctx: UpdateContext,
  ): Promise<Ret> {
    const startWorkflowOperation = new WithStartWorkflowOperation(workflowType, { ...start, workflowIdConflictPolicy: 'USE_EXISTING' });
    try {
      return await this.client.workflow.executeUpdateWithStart(def, { args: [arg], updateId: ctx.updateId, startWorkflowOperation });
    } catch (error) {
      throw this.translate(error, ctx.projectId);
    }
  }

  private translate(error: unknown, projectId: string | null): unknown {
    if (error instanceof WorkflowUpdateFailedError) {
      const cause = error.cause;
      if (cause instanceof ApplicationFailure && isDomainErrorCode(cause.type)) {
        return new Refusal(statusForCode(cause.type), cause.type, cause.message, projectId);
      }
    }
    if (error instanceof WorkflowNotFoundError) {
      return new Refusal(409, 'WRONG_STAGE', 'this work is already finished or has not started', projectId);
    }
    if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) {
      return new ServiceUnavailableException('the decision could not be confirmed in time; retry with the same Idempotency-Key');
    }
    return error;
  }
}
