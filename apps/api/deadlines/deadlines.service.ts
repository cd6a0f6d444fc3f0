import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DeadlineEntity } from '../../../libs/db/entities/index.js';
import { campaignDueRef, deadlineWorkflowId } from '../../../libs/domain/index.js';
import { requestExtensionUpdate, type DeadlineState } from '../../../workflows/deadline.messages.js';
import { AccessService } from '../access/access.service.js';
import { conflict, notFound } from '../http/refusal.js';
import { WorkflowGateway } from '../temporal/workflow-gateway.service.js';
import type { RequestExtensionDto } from './dto/extension.dto.js';

/** Due dates seen from the people who owe the work: asking for more time (延期). */
@Injectable()
export class DeadlinesService {
  constructor(
    private readonly ds: DataSource,
    private readonly access: AccessService,
    private readonly gateway: WorkflowGateway,
  ) {}

  /**
   * Who owes the work and whether it is still open are the deadline workflow's call (its validator); the API first
   * keeps out everyone who may not act in the unit the work belongs to (outsiders and auditors alike), so they learn
   * nothing of the deadline's state.
   */
  async requestExtension(personId: string, ref: string, dto: RequestExtensionDto, updateId: string): Promise<DeadlineState> {
    const deadline = await this.ds.getRepository(DeadlineEntity).findOneBy({ ref });
    if (!deadline) throw notFound('deadline');
    if (deadline.projectId === null) {
      // A campaign's steps have no project to hang an extension chain on; its due date is the committee's to change.
      const unitId = deadline.campaignId ? ref.slice(campaignDueRef(deadline.campaignId, '').length) : '';
      this.access.assertAllowed(await this.access.scopeOf(personId), unitId, 'write');
      throw conflict('a campaign report cannot be extended; ask the committee that issued it to change its due date');
    }
    await this.access.projectOrFail(personId, deadline.projectId, 'write');
    if (deadline.status === 'met' || deadline.status === 'late') throw conflict('the work has been submitted; there is nothing to extend', deadline.projectId);
    return this.gateway.update(deadlineWorkflowId(ref), requestExtensionUpdate, { actorId: personId, until: dto.until, reason: dto.reason }, { updateId, projectId: deadline.projectId });
  }
}
