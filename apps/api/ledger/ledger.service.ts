import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { FindingEntity, ProjectEntity, RectificationItemEntity } from '../../../libs/db/entities/index.js';
import { rectificationWorkflowId } from '../../../libs/domain/index.js';
import { submitEvidenceUpdate } from '../../../workflows/rectification.messages.js';
import { AccessService } from '../access/access.service.js';
import { notFound } from '../http/refusal.js';
import { toItemResponse } from '../projects/project.mappers.js';
import { ProjectsService } from '../projects/projects.service.js';
import { WorkflowGateway } from '../temporal/workflow-gateway.service.js';
import type { LedgerQuery } from './dto/ledger.dto.js';

/** 一台账、两清单: the rectification ledger across the projects a person can see. */
@Injectable()
export class LedgerService {
  constructor(
    private readonly ds: DataSource,
    private readonly access: AccessService,
    private readonly projects: ProjectsService,
    private readonly gateway: WorkflowGateway,
  ) {}

  async list(personId: string, query: LedgerQuery) {
    const scope = await this.access.scopeOf(personId);
    const units = scope.visibleUnitIds(query.unit);
    if (units.length === 0) return [];
    const projects = await this.ds.getRepository(ProjectEntity).findBy({ orgUnitId: In(units), ...(query.projectId && { id: query.projectId }) });
    if (projects.length === 0) return [];
    const items = await this.ds.getRepository(RectificationItemEntity).find({
      where: { projectId: In(projects.map((p) => p.id)), ...(query.status && { status: query.status }) },
      order: { dueAt: 'ASC' },
    });
    if (items.length === 0) return [];
    const findings = new Map((await this.ds.getRepository(FindingEntity).findBy({ id: In([...new Set(items.map((i) => i.findingId))]) })).map((f) => [f.id, f]));
    const titles = new Map(projects.map((p) => [p.id, p.title]));
    return items
      .map((i) => ({ ...toItemResponse(i), projectTitle: titles.get(i.projectId), description: findings.get(i.findingId)?.description, severity: findings.get(i.findingId)?.severity }))
      .filter((i) => query.overdue === undefined || i.overdue === query.overdue);
  }

  async submitEvidence(personId: string, itemId: string, text: string, updateId: string) {
    const item = await this.ds.getRepository(RectificationItemEntity).findOneBy({ id: itemId });
    if (!item) throw notFound('rectification item');
    await this.projects.visibleProjectOrFail(personId, item.projectId);
    return this.gateway.update(rectificationWorkflowId(itemId), submitEvidenceUpdate, { actorId: personId, text }, { updateId, projectId: item.projectId });
  }
}
