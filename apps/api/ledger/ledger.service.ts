import { BadRequestException, Injectable } from '@nestjs/common';
import { DataSource, In, IsNull, Not } from 'typeorm';
import { AuditEventEntity, EvidenceEntity, EvidenceFileEntity, FindingEntity, NoticeEntity, ProjectEntity, RectificationItemEntity } from '../../../libs/db/entities/index.js';
import { approvalWorkflowId, deadlineWorkflowId, evidenceFileErrors, rectificationDueRef, rectificationWorkflowId, verificationRef, type Severity } from '../../../libs/domain/index.js';
import { submitEvidenceUpdate, type RectificationState } from '../../../workflows/rectification.messages.js';
import { AccessService } from '../access/access.service.js';
import { notFound, Refusal } from '../http/refusal.js';
import { personNames } from '../org/people.js';
import { toItemResponse } from './ledger.mappers.js';
import { WorkflowGateway } from '../temporal/workflow-gateway.service.js';
import type { LedgerQuery } from './dto/ledger.dto.js';
import { dropStagedFiles, stageEvidenceFiles, type UploadedEvidenceFile } from './evidence-files.js';
import { ledgerCsv } from './ledger-csv.js';

export type LedgerEntryResponse = ReturnType<typeof toItemResponse> & {
  projectTitle: string | null;
  orgUnitId: string | null;
  unitName: string | null;
  description: string | null;
  severity: Severity | null;
};

export interface LedgerPage {
  items: LedgerEntryResponse[];
  total: number;
}

/** One line of an item's history: a recorded step (audit event) or a notice about it (reminder, escalation …). */
export interface ItemHistoryEntry {
  at: Date;
  action: string;
  actorId: string | null;
  actorName: string | null;
  detail: Record<string, unknown>;
}

/** The most rows one export writes; a ledger larger than this is exported a unit or a year at a time. */
const exportLimit = 10_000;

/** 一台账、两清单: the rectification ledger across the projects a person can see, both owners on every line. */
@Injectable()
export class LedgerService {
  constructor(
    private readonly ds: DataSource,
    private readonly access: AccessService,
    private readonly gateway: WorkflowGateway,
  ) {}

  async list(personId: string, query: LedgerQuery): Promise<LedgerPage> {
    const pageSize = query.pageSize ?? 100;
    return this.select(personId, query, { skip: ((query.page ?? 1) - 1) * pageSize, take: pageSize });
  }

  /** The CSV and how many items matched: more than the export holds means narrowing the filters. */
  async exportCsv(personId: string, query: LedgerQuery): Promise<{ csv: string; total: number }> {
    const { items, total } = await this.select(personId, query, { skip: 0, take: exportLimit });
    return { csv: ledgerCsv(items), total };
  }

  /** Filters in SQL, so a page and its total count the same rows; overdue is judged by the database's clock. */
  private async select(personId: string, query: LedgerQuery, window: { skip: number; take: number }): Promise<LedgerPage> {
    const scope = await this.access.scopeOf(personId);
    const units = scope.visibleUnitIds(query.unit);
    if (units.length === 0) return { items: [], total: 0 };
    const qb = this.ds
      .getRepository(RectificationItemEntity)
      .createQueryBuilder('i')
      .innerJoin(ProjectEntity, 'p', 'p.id = i.project_id')
      .innerJoin(FindingEntity, 'f', 'f.id = i.finding_id')
      .where('p.org_unit_id IN (:...units)', { units });
    if (query.projectId) qb.andWhere('p.id = :projectId', { projectId: query.projectId });
    if (query.year) qb.andWhere('p.year = :year', { year: query.year });
    if (query.status) qb.andWhere('i.status = :status', { status: query.status });
    if (query.severity) qb.andWhere('f.severity = :severity', { severity: query.severity });
    if (query.ownerId) qb.andWhere('(i.party_owner_id = :ownerId OR i.business_owner_id = :ownerId)', { ownerId: query.ownerId });
    if (query.overdue !== undefined) qb.andWhere(`${query.overdue ? '' : 'NOT '}(i.status <> 'closed' AND i.due_at < now())`);
    const [items, total] = await qb.orderBy('i.due_at', 'ASC').addOrderBy('i.id', 'ASC').skip(window.skip).take(window.take).getManyAndCount();
    if (items.length === 0) return { items: [], total };
    const [findings, projects, people] = await Promise.all([
      this.ds.getRepository(FindingEntity).findBy({ id: In([...new Set(items.map((i) => i.findingId))]) }),
      this.ds.getRepository(ProjectEntity).findBy({ id: In([...new Set(items.map((i) => i.projectId))]) }),
      personNames(this.ds.manager, items.flatMap((i) => [i.partyOwnerId, i.businessOwnerId])),
    ]);
    const findingById = new Map(findings.map((f) => [f.id, f]));
    const projectById = new Map(projects.map((p) => [p.id, p]));
    const names = { people, units: new Map() };
    return {
      total,
      items: items.map((i): LedgerEntryResponse => {
        const project = projectById.get(i.projectId);
        return {
          ...toItemResponse(i, names),
          projectTitle: project?.title ?? null,
          orgUnitId: project?.orgUnitId ?? null,
          unitName: project ? (scope.units.get(project.orgUnitId)?.name ?? null) : null,
          description: findingById.get(i.findingId)?.description ?? null,
          severity: findingById.get(i.findingId)?.severity ?? null,
        };
      }),
    };
  }

  /**
   * One item with its whole history, oldest first: raised, tasks, evidence, each verification decision, reopenings,
   * the deadline's overdue marks and extensions, and every reminder and escalation sent about it, to whom.
   */
  async item(personId: string, itemId: string) {
    const item = await this.readableItem(personId, itemId);
    const finding = await this.ds.getRepository(FindingEntity).findOneByOrFail({ id: item.findingId });
    // Its workflows: the item's own, each round's deadline and each round's verification chain.
    const workflows = Array.from({ length: item.round }, (_, r) => [deadlineWorkflowId(rectificationDueRef(itemId, r + 1)), approvalWorkflowId(verificationRef(itemId, r + 1))]).flat();
    const [events, notices, evidence, files] = await Promise.all([
      this.ds
        .getRepository(AuditEventEntity)
        .createQueryBuilder('e')
        .where('e.project_id = :projectId', { projectId: item.projectId })
        .andWhere('(e.workflow_id IN (:...workflows) OR (e.entity = :finding AND e.entity_id = :findingId))', {
          workflows: [rectificationWorkflowId(itemId), ...workflows],
          finding: 'finding',
          findingId: item.findingId,
        })
        .orderBy('e.seq', 'ASC')
        .getMany(),
      this.ds
        .getRepository(NoticeEntity)
        .createQueryBuilder('n')
        .where('n.project_id = :projectId', { projectId: item.projectId })
        // Keys are <workflow>/<step>/<recipient>: the item's own workflows, and the project's step that raised its finding.
        .andWhere(`(split_part(n.idempotency_key, '/', 1) IN (:...workflows) OR (split_part(n.idempotency_key, '/', 2) = :raised AND n.recipient_id IN (:...owners)))`, {
          workflows: [rectificationWorkflowId(itemId), ...workflows],
          raised: `finding:${item.findingId}`,
          owners: [item.partyOwnerId, item.businessOwnerId],
        })
        .orderBy('n.created_at', 'ASC')
        .getMany(),
      this.ds.getRepository(EvidenceEntity).find({ where: { itemId }, order: { submittedAt: 'ASC' } }),
      this.ds.getRepository(EvidenceFileEntity).find({ where: { itemId, evidenceId: Not(IsNull()) }, order: { uploadedAt: 'ASC', name: 'ASC' } }),
    ]);
    const people = await personNames(this.ds.manager, [item.partyOwnerId, item.businessOwnerId, ...events.map((e) => e.actorId), ...notices.map((n) => n.recipientId), ...evidence.map((e) => e.submittedBy)]);
    const history: ItemHistoryEntry[] = [
      ...events.map((e) => ({ at: e.at, action: e.action, actorId: e.actorId, actorName: e.actorId ? (people.get(e.actorId) ?? null) : null, detail: e.detail })),
      ...notices.map((n) => ({
        at: n.createdAt,
        action: `notice_${n.kind}`,
        actorId: null,
        actorName: null,
        detail: { recipientId: n.recipientId, recipientName: people.get(n.recipientId) ?? null, subject: n.subject, mail: n.status },
      })),
    ].sort((a, b) => a.at.getTime() - b.at.getTime());
    return {
      ...toItemResponse(item, { people, units: new Map() }),
      description: finding.description,
      severity: finding.severity,
      evidence: evidence.map((e) => ({
        id: e.id,
        round: e.round,
        text: e.text,
        submittedBy: e.submittedBy,
        submittedByName: people.get(e.submittedBy) ?? null,
        submittedAt: e.submittedAt,
        files: files.filter((f) => f.evidenceId === e.id).map(({ id, name, contentType, size, sha256 }) => ({ id, name, contentType, size, sha256 })),
      })),
      history,
    };
  }

  /**
   * Either owner (一岗双责) submits; the item's owners may do so even from outside the project's subtree. Files are
   * checked (count, size, type by their first bytes) before anything is stored, and removed again if the workflow
   * refuses the evidence.
   */
  async submitEvidence(personId: string, itemId: string, text: string, files: UploadedEvidenceFile[], updateId: string): Promise<RectificationState> {
    const item = await this.ds.getRepository(RectificationItemEntity).findOneBy({ id: itemId });
    if (!item) throw notFound('rectification item');
    const owner = item.partyOwnerId === personId || item.businessOwnerId === personId;
    await this.access.projectOrFail(personId, item.projectId, 'write', owner);
    const errors = evidenceFileErrors(files.map((f) => ({ name: f.originalname, contentType: f.mimetype, bytes: f.buffer })));
    if (errors.length > 0) throw new BadRequestException({ statusCode: 400, message: errors });
    const refs = await stageEvidenceFiles(this.ds.manager, { itemId, uploadedBy: personId, key: updateId, files });
    try {
      const input = { actorId: personId, text, ...(refs.length ? { files: refs } : {}) };
      return await this.gateway.update(rectificationWorkflowId(itemId), submitEvidenceUpdate, input, { updateId, projectId: item.projectId });
    } catch (error) {
      // Only a refusal is known not to have taken the files; after a timeout the evidence may yet be recorded with them.
      if (error instanceof Refusal) await dropStagedFiles(this.ds.manager, refs);
      throw error;
    }
  }

  /** One evidence file's bytes, for someone who may read the item. */
  async file(personId: string, itemId: string, fileId: string): Promise<EvidenceFileEntity> {
    await this.readableItem(personId, itemId);
    const file = await this.ds
      .getRepository(EvidenceFileEntity)
      .createQueryBuilder('f')
      .addSelect('f.data')
      .where('f.id = :fileId AND f.item_id = :itemId AND f.evidence_id IS NOT NULL', { fileId, itemId })
      .getOne();
    if (!file) throw notFound('evidence file');
    return file;
  }

  /** The item, if the person may read it: its owners always may, others within the project's scope. */
  private async readableItem(personId: string, itemId: string): Promise<RectificationItemEntity> {
    const item = await this.ds.getRepository(RectificationItemEntity).findOneBy({ id: itemId });
    if (!item) throw notFound('rectification item');
    const owner = item.partyOwnerId === personId || item.businessOwnerId === personId;
    await this.access.projectOrFail(personId, item.projectId, 'read', owner);
    return item;
  }
}
