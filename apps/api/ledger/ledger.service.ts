import { Injectable } from '@nestjs/common';
import { DataSource, In, type FindOptionsWhere } from 'typeorm';
import { FindingEntity, ProjectEntity, RectificationItemEntity } from '../../../libs/db/entities/index.js';
import { rectificationWorkflowId, type Severity } from '../../../libs/domain/index.js';
import { submitEvidenceUpdate, type RectificationState } from '../../../workflows/rectification.messages.js';
import { AccessService } from '../access/access.service.js';
import { notFound } from '../http/refusal.js';
import { personNames } from '../org/people.js';
import { toItemResponse } from '../projects/projects.mappers.js';
import { WorkflowGateway } from '../temporal/workflow-gateway.service.js';
import type { LedgerQuery } from './dto/ledger.dto.js';

export type LedgerEntryResponse = ReturnType<typeof toItemResponse> & {
  projectTitle: string | null;
  orgUnitId: string | null;
  description: string | null;
  severity: Severity | null;
};

/** 一台账、两清单: the rectification ledger across the projects a person can see, both owners on every line. */
@Injectable()
export class LedgerService {
  constructor(
    private readonly ds: DataSource,
    private readonly access: AccessService,
    private readonly gateway: WorkflowGateway,
  ) {}

  async list(personId: string, query: LedgerQuery): Promise<LedgerEntryResponse[]> {
    const units = (await this.access.scopeOf(personId)).visibleUnitIds(query.unit);
    if (units.length === 0) return [];
    const projectWhere: FindOptionsWhere<ProjectEntity> = { orgUnitId: In(units) };
    if (query.projectId) projectWhere.id = query.projectId;
    const projects = await this.ds.getRepository(ProjectEntity).findBy(projectWhere);
    if (projects.length === 0) return [];
    const where: FindOptionsWhere<RectificationItemEntity> = { projectId: In(projects.map((p) => p.id)) };
    if (query.status) where.status = query.status;
    const items = await this.ds.getRepository(RectificationItemEntity).find({ where, order: { dueAt: 'ASC', id: 'ASC' } });
    if (items.length === 0) return [];
    const [findings, people] = await Promise.all([
      this.ds.getRepository(FindingEntity).findBy({ id: In([...new Set(items.map((i) => i.findingId))]) }),
      personNames(this.ds.manager, items.flatMap((i) => [i.partyOwnerId, i.businessOwnerId])),
    ]);
    const findingById = new Map(findings.map((f) => [f.id, f]));
    const projectById = new Map(projects.map((p) => [p.id, p]));
    const names = { people, units: new Map() };
    return items
      .map((i): LedgerEntryResponse => ({
        ...toItemResponse(i, names),
        projectTitle: projectById.get(i.projectId)?.title ?? null,
        orgUnitId: projectById.get(i.projectId)?.orgUnitId ?? null,
        description: findingById.get(i.findingId)?.description ?? null,
        severity: findingById.get(i.findingId)?.severity ?? null,
      }))
      .filter((i) => query.overdue === undefined || i.overdue === query.overdue);
  }

  /** Either owner (一岗双责) submits; the item's owners may do so even from outside the project's subtree. */
  async submitEvidence(personId: string, itemId: string, text: string, updateId: string): Promise<RectificationState> {
    const item = await this.ds.getRepository(RectificationItemEntity).findOneBy({ id: itemId });
    if (!item) throw notFound('rectification item');
    const owner = item.partyOwnerId === personId || item.businessOwnerId === personId;
    await this.access.projectOrFail(personId, item.projectId, 'write', owner);
    return this.gateway.update(rectificationWorkflowId(itemId), submitEvidenceUpdate, { actorId: personId, text }, { updateId, projectId: item.projectId });
  }
}
