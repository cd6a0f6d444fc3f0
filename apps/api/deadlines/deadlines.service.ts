import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DeadlineEntity } from '../../../libs/db/entities/index.js';
import { deadlineWorkflowId } from '../../../libs/domain/index.js';
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
   * Who owes the work and whether it is still open are the deadline workflow's call (its validator); the API keeps
   * people outside the project's subtree from learning the deadline exists.
   */
  async requestExtension(personId: string, ref: string, dto: RequestExtensionDto, updateId: string): Promise<DeadlineState> {
    const deadline = await this.ds.getRepository(DeadlineEntity).findOneBy({ ref });
    if (!deadline) throw notFound('deadline');
    // A campaign's steps have no project to hang an extension chain on; its due date is the committee's to change.
    if (deadline.projectId === null) throw conflict('a campaign report cannot be extended; ask the committee that issued it to change its due date');
    await this.access.projectOrFail(personId, deadline.projectId, 'read');
    if (deadline.status === 'met' || deadline.status === 'late') throw conflict('the work has been submitted; there is nothing to extend', deadline.projectId);
    return this.gateway.update(deadlineWorkflowId(ref), requestExtensionUpdate, { actorId: personId, until: dto.until, reason: dto.reason }, { updateId, projectId: deadline.projectId });
  }
}
