import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ancestry, statsCoverUnit, statsGrants, statsWholeOrganisation } from '../../../libs/domain/index.js';
import { AccessService } from '../access/access.service.js';
import { forbidden, invalidField, notFound } from '../http/refusal.js';
import { figureSpecs, type StatsFigure } from './figures.js';

export interface StatsLine {
  key: string;
  label: string;
  values: (number | null)[];
}

export interface StatsTable {
  figure: StatsFigure;
  title: string;
  unitId: string | null;
  unitName: string;
  year: number;
  rowHeader: string;
  columns: { key: string; label: string; unit: string | null }[];
  rows: StatsLine[];
  total: StatsLine;
}

export interface StatsListItem {
  id: string;
  projectId: string | null;
  projectTitle: string | null;
  unitId: string;
  unitName: string;
  subject: string;
  state: string;
  stateLabel: string;
  dueAt: Date | null;
  doneAt: Date | null;
}

export interface StatsListPage {
  items: StatsListItem[];
  total: number;
  page: number;
  pageSize: number;
}

export interface StatsSelection {
  unit?: string;
  year: number;
}

/** The line the drill-down names: one line of the table, or `total` for all of them. */
export const totalLine = 'total';

/** Units a figure counts: null for the whole organisation, else the ids of the subtrees the person reads. */
interface StatsScope {
  unitIds: string[] | null;
  unitId: string | null;
  unitName: string;
}

/**
 * 智慧党建: every figure counted by Postgres over the caller's scope (the subtrees their secretary, committee or audit
 * posts cover; the whole organisation for organisation-wide admins and auditors), and the rows behind each cell.
 */
@Injectable()
export class StatsService {
  constructor(
    private readonly ds: DataSource,
    private readonly access: AccessService,
  ) {}

  async table(personId: string, figure: StatsFigure, selection: StatsSelection): Promise<StatsTable> {
    const scope = await this.scope(personId, selection.unit);
    const spec = figureSpecs[figure];
    const dynamic = !('label' in spec.lines) ? null : spec.lines.label;
    const values = spec.columns.map((c, i) => `${c.value} AS c${i}`).join(', ');
    // ROLLUP adds the total line (its key NULL): every total is summed by the database, none by the API or the browser.
    const grouped = dynamic ? `ROLLUP ((${spec.rowKey}, ${dynamic}))` : `ROLLUP (${spec.rowKey})`;
    const rows: Record<string, unknown>[] = await this.ds.query(
      `SELECT ${spec.rowKey}::text AS key, ${dynamic ? `${dynamic} AS label` : 'NULL AS label'}, GROUPING(${spec.rowKey}) AS rolled, ${values}
         FROM ${spec.from} GROUP BY ${grouped} ORDER BY rolled, label, key`,
      [scope.unitIds, selection.year],
    );
    const line = (key: string, label: string, row: Record<string, unknown> | undefined): StatsLine => ({
      key,
      label,
      values: spec.columns.map((c, i) => (row ? numberOrNull(row[`c${i}`]) : c.unit ? null : 0)),
    });
    const lines = rows.filter((r) => Number(r.rolled) === 0);
    const totalRow = rows.find((r) => Number(r.rolled) === 1);
    return {
      figure,
      title: spec.title,
      unitId: scope.unitId,
      unitName: scope.unitName,
      year: selection.year,
      rowHeader: spec.rowHeader,
      columns: spec.columns.map((c) => ({ key: c.key, label: c.label, unit: c.unit })),
      rows: dynamic
        ? lines.map((r) => line(String(r.key), String(r.label), r))
        : Object.entries(spec.lines as Record<string, string>).map(([key, label]) => line(key, label, lines.find((r) => r.key === key))),
      total: line(totalLine, '合计', totalRow),
    };
  }

  /** The rows behind one cell: a line (or all of them) and a column's predicate, a page at a time. */
  async list(personId: string, figure: StatsFigure, selection: StatsSelection & { row: string; column: string | null; page: number; pageSize: number }): Promise<StatsListPage> {
    const scope = await this.scope(personId, selection.unit);
    const spec = figureSpecs[figure];
    const column = selection.column === null ? null : spec.columns.find((c) => c.key === selection.column);
    if (column === undefined) throw invalidField(`column: ${figure} has the columns ${spec.columns.map((c) => c.key).join(', ')}`);
    const where = [selection.row === totalLine ? null : `${spec.rowKey}::text = $3`, column?.rows].filter(Boolean).map((w) => `AND (${w})`).join(' ');
    const params = [scope.unitIds, selection.year, ...(selection.row === totalLine ? [] : [selection.row])];
    const { list } = spec;
    const offset = (selection.page - 1) * selection.pageSize;
    const [rows, counted]: [Record<string, unknown>[], { n: number }[]] = await Promise.all([
      this.ds.query(
        `SELECT ${list.id} AS id, ${list.projectId} AS project_id, ${list.projectTitle} AS project_title, u.id AS unit_id, u.name AS unit_name,
                ${list.subject} AS subject, ${list.state} AS state, ${list.dueAt} AS due_at, ${list.doneAt} AS done_at
           FROM ${spec.from} ${where} ORDER BY ${list.order} LIMIT ${selection.pageSize} OFFSET ${offset}`,
        params,
      ),
      this.ds.query(`SELECT count(*)::int AS n FROM ${spec.from} ${where}`, params),
    ]);
    return {
      items: rows.map((r) => ({
        id: String(r.id),
        projectId: (r.project_id as string | null) ?? null,
        projectTitle: (r.project_title as string | null) ?? null,
        unitId: String(r.unit_id),
        unitName: String(r.unit_name),
        subject: String(r.subject),
        state: String(r.state),
        stateLabel: spec.stateLabels[String(r.state)] ?? String(r.state),
        dueAt: (r.due_at as Date | null) ?? null,
        doneAt: (r.done_at as Date | null) ?? null,
      })),
      total: counted[0].n,
      page: selection.page,
      pageSize: selection.pageSize,
    };
  }

  /** 404 for a unit that does not exist, 403 for one the person's statistics do not cover; no unit: all they cover. */
  private async scope(personId: string, unit: string | undefined): Promise<StatsScope> {
    const { units, grants } = await this.access.scopeOf(personId);
    const opening = statsGrants(units, grants);
    if (opening.length === 0) throw forbidden('statistics are for secretaries, committee members, auditors and administrators');
    const subtree = (rootIds: Set<string>) => [...units.keys()].filter((id) => ancestry(units, id).some((u) => rootIds.has(u.id)));
    if (unit) {
      const named = units.get(unit);
      if (!named) throw notFound('org unit');
      if (!statsCoverUnit(units, opening, unit)) throw forbidden('this unit is outside the units whose statistics you read');
      return { unitIds: subtree(new Set([unit])), unitId: unit, unitName: named.name };
    }
    if (statsWholeOrganisation(opening)) return { unitIds: null, unitId: null, unitName: '全部组织' };
    const roots = new Set(opening.map((g) => g.unitId as string));
    return { unitIds: subtree(roots), unitId: null, unitName: [...roots].map((id) => units.get(id)?.name ?? id).join('、') };
  }
}

const numberOrNull = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

