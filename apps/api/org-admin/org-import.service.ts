import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource, IsNull, MoreThan, Or, type EntityManager } from 'typeorm';
import type { Config } from '../../../libs/config/index.js';
import { OrgUnitEntity, PersonEntity, RoleAssignmentEntity } from '../../../libs/db/entities/index.js';
import { appendAudit } from '../../../libs/db/repositories/audit.repository.js';
import { addDays, atBeijingTime, beijingDateOf, planOrgImport, type ImportIssue, type ImportPlan, type RowOutcome, type RowOutcomeKind } from '../../../libs/domain/index.js';
import { readOrgWorkbook, WorkbookUnreadable, writeOrgWorkbook } from '../../../libs/spreadsheet/org-workbook.js';
import { AccessService } from '../access/access.service.js';
import { configuredCost, hashPassword, type ScryptCost } from '../auth/password.js';
import { CONFIG } from '../core/core.module.js';
import { invalidField, Refusal } from '../http/refusal.js';

export type OutcomeCounts = Record<RowOutcomeKind, number>;

export interface ImportReport {
  /** True when confirming this workbook would import it. */
  ok: boolean;
  /** SHA-256 of the workbook, so the confirmation can be told apart from another file's. */
  sha256: string;
  counts: { units: OutcomeCounts; people: OutcomeCounts; roles: OutcomeCounts };
  rows: RowOutcome[];
  issues: ImportIssue[];
}

export interface ImportResult {
  sha256: string;
  created: { units: number; people: number; roles: number };
}

const sheetCounts = (rows: RowOutcome[], sheet: string): OutcomeCounts => {
  const counts: OutcomeCounts = { create: 0, exists: 0, error: 0 };
  for (const r of rows) if (r.sheet === sheet) counts[r.outcome] += 1;
  return counts;
};

/** Imports serialise on this lock: two at once could each plan the same new unit or person. */
const importLock = 'org-import';
const chunk = 1000;

/**
 * 批量导入 from one workbook: a dry run answers every row's outcome and every problem (sheet, row, column) and writes
 * nothing; the confirmation plans again inside its transaction and writes all of it, each row audited, or nothing.
 */
@Injectable()
export class OrgImportService {
  constructor(
    private readonly ds: DataSource,
    private readonly access: AccessService,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  async template(adminId: string): Promise<Buffer> {
    await this.access.assertAdmin(adminId);
    return writeOrgWorkbook();
  }

  async dryRun(adminId: string, bytes: Buffer | undefined): Promise<ImportReport> {
    await this.access.assertAdmin(adminId);
    const { plan, sha256 } = await this.plan(this.ds.manager, bytes);
    return report(plan, sha256);
  }

  async confirm(adminId: string, bytes: Buffer | undefined): Promise<ImportResult> {
    await this.access.assertAdmin(adminId);
    return this.ds.transaction(async (m) => {
      await m.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [importLock]);
      const { plan, sha256 } = await this.plan(m, bytes);
      if (plan.issues.length > 0) {
        const first = plan.issues[0];
        throw new Refusal(400, 'INVALID_DATA', `工作簿有 ${plan.issues.length} 处错误，未导入任何数据；第一处：「${first.sheet}」第 ${first.row} 行 ${first.column} 列（${first.header}）${first.message}`);
      }
      const created = await write(m, adminId, plan, configuredCost(this.config));
      await appendAudit(m, { projectId: null, actorId: adminId, action: 'org_imported', entity: 'org_import', entityId: null, detail: { sha256, ...created } });
      return { sha256, created };
    });
  }

  private async plan(m: EntityManager, bytes: Buffer | undefined): Promise<{ plan: ImportPlan; sha256: string }> {
    if (!bytes || bytes.length === 0) throw invalidField('workbook: 请选择要导入的 Excel 文件（.xlsx），以表单字段 workbook 上传');
    let book;
    try {
      book = await readOrgWorkbook(bytes);
    } catch (error) {
      if (error instanceof WorkbookUnreadable) throw invalidField(`workbook: ${error.message}`);
      throw error;
    }
    // One after another: inside the confirmation's transaction they share one connection.
    const units = await m.getRepository(OrgUnitEntity).find();
    const people = await m.getRepository(PersonEntity).find({ select: { id: true, email: true, deactivatedAt: true } });
    const grants = await m.getRepository(RoleAssignmentEntity).find({ where: { validUntil: Or(IsNull(), MoreThan(new Date())) }, select: { personId: true, orgUnitId: true, role: true } });
    const plan = planOrgImport(book, {
      units: units.map((u) => ({ id: u.id, name: u.name, kind: u.kind, closed: u.closedAt !== null })),
      people: people.map((p) => ({ id: p.id, email: p.email, deactivated: p.deactivatedAt !== null })),
      today: beijingDateOf(Date.now()),
      openGrants: new Set(grants.map((g) => `${g.personId}|${g.orgUnitId ?? ''}|${g.role}`)),
    });
    return { plan, sha256: createHash('sha256').update(bytes).digest('hex') };
  }
}

function report(plan: ImportPlan, sha256: string): ImportReport {
  return {
    ok: plan.issues.length === 0,
    sha256,
    counts: { units: sheetCounts(plan.outcomes, '组织'), people: sheetCounts(plan.outcomes, '人员'), roles: sheetCounts(plan.outcomes, '任职') },
    rows: plan.outcomes,
    issues: plan.issues,
  };
}

/** Writes the plan: parents before children, people before their roles, each row with its audit event. */
async function write(m: EntityManager, adminId: string, plan: ImportPlan, cost: ScryptCost): Promise<ImportResult['created']> {
  const unitIds = new Map(plan.units.map((u) => [u.key, randomUUID()]));
  const ref = (r: { existingId: string } | { key: string }, ids: Map<string, string>) => ('existingId' in r ? r.existingId : (ids.get(r.key) as string));
  const depth = (key: string): number => {
    const parent = plan.units.find((u) => u.key === key)?.parent;
    return parent && 'key' in parent ? 1 + depth(parent.key) : 0;
  };
  const units = plan.units
    .map((u) => ({ id: unitIds.get(u.key) as string, name: u.name, kind: u.kind, parentId: u.parent ? ref(u.parent, unitIds) : null, category: u.category, depth: depth(u.key) }))
    .sort((a, b) => a.depth - b.depth);
  for (let i = 0; i < units.length; i += chunk) {
    await m.createQueryBuilder().insert().into(OrgUnitEntity).values(units.slice(i, i + chunk).map(({ depth: _depth, ...u }) => u)).execute();
  }
  const personIds = new Map(plan.people.map((p) => [p.key, randomUUID()]));
  const hashes = await Promise.all(plan.people.map((p) => (p.password ? hashPassword(p.password, cost) : null)));
  const people = plan.people.map((p, i) => ({ id: personIds.get(p.key) as string, name: p.name, email: p.email, passwordHash: hashes[i] }));
  for (let i = 0; i < people.length; i += chunk) await m.createQueryBuilder().insert().into(PersonEntity).values(people.slice(i, i + chunk)).execute();
  const now = new Date();
  const roles = plan.roles.map((r) => ({
    id: randomUUID(),
    personId: ref(r.person, personIds),
    orgUnitId: r.unit ? ref(r.unit, unitIds) : null,
    role: r.role,
    validFrom: r.startsOn ? new Date(atBeijingTime(r.startsOn, '00:00')) : now,
    validUntil: r.endsOn ? new Date(atBeijingTime(addDays(r.endsOn, 1), '00:00')) : null,
  }));
  for (let i = 0; i < roles.length; i += chunk) await m.createQueryBuilder().insert().into(RoleAssignmentEntity).values(roles.slice(i, i + chunk)).execute();
  for (const u of units) {
    const detail = { name: u.name, kind: u.kind, parentId: u.parentId, category: u.category, via: 'import' };
    await appendAudit(m, { projectId: null, actorId: adminId, action: 'org_unit_created', entity: 'org_unit', entityId: u.id, detail });
  }
  for (const p of people) {
    const detail = { name: p.name, email: p.email, canLogIn: p.passwordHash !== null, via: 'import' };
    await appendAudit(m, { projectId: null, actorId: adminId, action: 'person_created', entity: 'person', entityId: p.id, detail });
  }
  for (const r of roles) {
    const detail = { personId: r.personId, orgUnitId: r.orgUnitId, role: r.role, validFrom: r.validFrom.toISOString(), validUntil: r.validUntil?.toISOString() ?? null, via: 'import' };
    await appendAudit(m, { projectId: null, actorId: adminId, action: 'role_assigned', entity: 'role_assignment', entityId: r.id, detail });
  }
  return { units: units.length, people: people.length, roles: roles.length };
}
