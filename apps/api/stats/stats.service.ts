import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ancestry, statsCoverUnit, statsGrants, statsWholeOrganisation } from '../../../libs/domain/index.js';
import { AccessService } from '../access/access.service.js';
import { forbidden, invalidField, notFound } from '../http/refusal.js';
import type { StatsLineDto, StatsListPageDto, StatsTableDto } from './dto/stats.dto.js';
import { figureSpecs, type FigureColumn, type StatsFigure } from './figures.js';

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

  async table(personId: string, figure: StatsFigure, selection: StatsSelection): Promise<StatsTableDto> {
    const scope = await this.scope(personId, selection.unit);
    const spec = figureSpecs[figure];
    // One query per set of rows counted (most figures: one), each grouped by the line's key with ROLLUP for the total
    // line (key NULL): every total is summed by the database, none by the API or the browser.
    const sources = new Map<FigureColumn['source'], number[]>();
    spec.columns.forEach((c, i) => sources.set(c.source, [...(sources.get(c.source) ?? []), i]));
    const counted = await this.read((m) =>
      Promise.all(
        [...sources].map(async ([source, indexes]) => {
          const values = indexes.map((i) => `${spec.columns[i].value} AS c${i}`).join(', ');
          const rows: Record<string, unknown>[] = await m.query(
            `SELECT ${spec.rowKey}::text AS key, GROUPING(${spec.rowKey}) AS rolled, ${values}
               FROM ${source?.from ?? spec.from} WHERE ${source?.where ?? spec.where} GROUP BY ROLLUP (${spec.rowKey})`,
            [scope.unitIds, selection.year],
          );
          return rows;
        }),
      ),
    );
    const merged = new Map<string, Record<string, unknown>>();
    for (const row of counted.flat()) {
      const key = Number(row.rolled) === 1 ? totalLine : String(row.key);
      merged.set(key, { ...merged.get(key), ...row });
    }
    const line = (key: string, label: string): StatsLineDto => {
      const row = merged.get(key);
      return { key, label, values: spec.columns.map((c, i) => (row ? numberOrNull(row[`c${i}`]) : c.unit ? null : 0)) };
    };
    const keys = [...merged.keys()].filter((k) => k !== totalLine);
    const named = 'table' in spec.lines ? (spec.lines as { table: string; label: string }) : null;
    return {
      figure,
      title: spec.title,
      unitId: scope.unitId,
      unitName: scope.unitName,
      year: selection.year,
      rowHeader: spec.rowHeader,
      columns: spec.columns.map((c) => ({ key: c.key, label: c.label, unit: c.unit })),
      rows: named ? (await this.labels(named, keys)).map(([key, label]) => line(key, label)) : Object.entries(spec.lines).map(([key, label]) => line(key, label)),
      total: line(totalLine, '合计'),
    };
  }

  /** Units' or campaigns' names for the lines found, in name order. */
  private async labels(lines: { table: string; label: string }, keys: string[]): Promise<[string, string][]> {
    if (keys.length === 0) return [];
    const rows: { key: string; label: string }[] = await this.ds.query(`SELECT id::text AS key, ${lines.label} AS label FROM ${lines.table} WHERE id = ANY($1::uuid[]) ORDER BY 2, 1`, [keys]);
    return rows.map((r) => [r.key, r.label]);
  }

  /**
   * Statistics read many rows at once: in a transaction of their own with room to sort and hash them in memory (the
   * default 4 MB spills a findings sort to disk), for this transaction only.
   */
  private read<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(async (m) => {
      await m.query(`SET LOCAL work_mem = '64MB'`);
      return work(m);
    });
  }

  /** The rows behind one cell: a line (or all of them) and a column's predicate, a page at a time. */
  async list(personId: string, figure: StatsFigure, selection: StatsSelection & { row: string; column: string | null; page: number; pageSize: number }): Promise<StatsListPageDto> {
    const scope = await this.scope(personId, selection.unit);
    const spec = figureSpecs[figure];
    const column = selection.column === null ? null : spec.columns.find((c) => c.key === selection.column);
    if (column === undefined) throw invalidField(`column: 「${spec.title}」没有这一列，可选的列为${spec.columns.map((c) => `${c.label}（${c.key}）`).join('、')}`);
    const where = [selection.row === totalLine ? null : `${spec.rowKey}::text = $3`, column?.rows].filter(Boolean).map((w) => `AND (${w})`).join(' ');
    const params = [scope.unitIds, selection.year, ...(selection.row === totalLine ? [] : [selection.row])];
    const { list } = spec;
    const offset = (selection.page - 1) * selection.pageSize;
    const from = list.from ?? spec.from;
    const sql = `FROM ${from} JOIN org_unit u ON u.id = ${spec.unit} WHERE ${spec.where} ${where}`;
    // Two passes (the page, then the count) cost less than one with a window count, which would sort every row.
    const [rows, total] = await this.read(async (m): Promise<[Record<string, unknown>[], number]> => [
      await m.query(
        `SELECT ${list.id} AS id, ${list.projectId} AS project_id, ${list.projectTitle} AS project_title, u.id AS unit_id, u.name AS unit_name,
                ${list.subject} AS subject, ${list.state} AS state, ${list.dueAt} AS due_at, ${list.doneAt} AS done_at
           ${sql} ORDER BY ${list.order} LIMIT ${selection.pageSize} OFFSET ${offset}`,
        params,
      ),
      ((await m.query(`SELECT count(*)::int AS n FROM ${from} WHERE ${spec.where} ${where}`, params)) as { n: number }[])[0].n,
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
      total,
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
    const covered = subtree(roots);
    // Posts covering every unit (the group committee's) read as the whole organisation: no list of ids to match.
    return { unitIds: covered.length === units.size ? null : covered, unitId: null, unitName: [...roots].map((id) => units.get(id)?.name ?? id).join('、') };
  }
}

const numberOrNull = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

