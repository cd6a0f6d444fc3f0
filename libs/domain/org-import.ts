import { addDays } from './calendar.js';
import type { OrgUnitKind, Role } from './org.js';
import { passwordProblems } from './password-rules.js';
import { neutraliseCell } from './spreadsheet.js';

/**
 * 批量导入: one workbook with three sheets (组织, 人员, 任职) checked as a whole before anything is written. Every row
 * gets an outcome and every problem names its sheet, row and column as Excel shows them, so an administrator can fix
 * the file and try again; a workbook with any problem imports nothing.
 */
export const importSheets = {
  units: { name: '组织', columns: ['组织名称', '类型', '上级组织', '分类'] },
  people: { name: '人员', columns: ['姓名', '邮箱', '初始密码'] },
  roles: { name: '任职', columns: ['邮箱', '组织名称', '角色', '开始日期', '结束日期'] },
} as const;

export type ImportSheetKey = keyof typeof importSheets;

export const unitKindByLabel: Readonly<Record<string, OrgUnitKind>> = { 党委: 'committee', 党总支: 'general_branch', 党支部: 'branch' };
export const roleByLabel: Readonly<Record<string, Role>> = { 书记: 'secretary', 委员: 'member', 党务工作者: 'staff', 纪检审计: 'auditor', 管理员: 'admin' };

/** A cell as read: its text, or a formula, which is never evaluated or trusted (its cached result could be anything). */
export type RawCell = string | { formula: string };

export interface RawSheet {
  /** Row 1 is the header; `rows` carry their Excel row numbers, blank rows already left out. */
  header: string[];
  rows: { row: number; cells: (RawCell | undefined)[] }[];
}

export type RawWorkbook = Partial<Record<ImportSheetKey, RawSheet>>;

export interface ImportIssue {
  sheet: string;
  row: number;
  /** The column letter (A, B …), and its header. */
  column: string;
  header: string;
  message: string;
}

export type RowOutcomeKind = 'create' | 'exists' | 'error';

export interface RowOutcome {
  sheet: string;
  row: number;
  outcome: RowOutcomeKind;
  /** What the row is about, in a few words (a unit's or a person's name). */
  label: string;
}

export interface PlannedUnit {
  key: string;
  name: string;
  kind: OrgUnitKind;
  /** An existing unit's id, or the key of a unit this import creates. */
  parent: { existingId: string } | { key: string } | null;
  category: string | null;
}

export interface PlannedPerson {
  key: string;
  name: string;
  email: string;
  password: string | null;
}

export interface PlannedRole {
  person: { existingId: string } | { key: string };
  unit: { existingId: string } | { key: string } | null;
  role: Role;
  /** Beijing calendar days; the term ends as the day after `endsOn` begins. */
  startsOn: string | null;
  endsOn: string | null;
}

export interface ImportPlan {
  units: PlannedUnit[];
  people: PlannedPerson[];
  roles: PlannedRole[];
  outcomes: RowOutcome[];
  issues: ImportIssue[];
}

/** What the organisation holds already, to resolve names and e-mails against. */
export interface ExistingOrg {
  units: { id: string; name: string; kind: OrgUnitKind; closed: boolean }[];
  people: { id: string; email: string; deactivated: boolean }[];
  /** The Beijing calendar day now: a term without a first day starts today. */
  today: string;
  /** `${personId}|${unitId ?? ''}|${role}` for every grant not yet ended. */
  openGrants: ReadonlySet<string>;
}

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const datePattern = /^\d{4}-\d{2}-\d{2}$/;
const columnLetter = (index: number): string => String.fromCharCode(65 + index);

const isRealDate = (text: string): boolean => datePattern.test(text) && addDays(text, 0) === text;

/** Checks the workbook against the organisation and plans what confirming it would write. */
export function planOrgImport(book: RawWorkbook, existing: ExistingOrg): ImportPlan {
  const plan: ImportPlan = { units: [], people: [], roles: [], outcomes: [], issues: [] };
  const unitsByName = new Map<string, ExistingOrg['units'][number][]>();
  for (const u of existing.units) unitsByName.set(u.name, [...(unitsByName.get(u.name) ?? []), u]);
  const peopleByEmail = new Map(existing.people.map((p) => [p.email.toLowerCase(), p]));

  /** What a row's reader sees: its cells as text (formulas refused), a way to note a problem, whether it has one. */
  interface RowReader {
    row: number;
    text: (column: number) => string;
    problem: (column: number, message: string) => void;
    failed: () => boolean;
  }
  /** Reads one sheet row by row; `visit` answers the row's label and whether what it names exists already. */
  const readSheet = (key: ImportSheetKey, visit: (r: RowReader) => { label: string; exists?: boolean }) => {
    const spec = importSheets[key];
    const sheet = book[key];
    const sheetProblem = (row: number, column: number, message: string) =>
      plan.issues.push({ sheet: spec.name, row, column: columnLetter(column), header: spec.columns[column] ?? '', message });
    if (!sheet) {
      sheetProblem(1, 0, `缺少工作表「${spec.name}」，请使用下载的模板`);
      return;
    }
    const misplaced = spec.columns.findIndex((name, i) => (sheet.header[i] ?? '').trim() !== name);
    if (misplaced >= 0) {
      sheetProblem(1, misplaced, `第 1 行应为表头「${spec.columns.join('、')}」，请使用下载的模板`);
      return;
    }
    for (const { row, cells } of sheet.rows) {
      let failed = false;
      const problem = (column: number, message: string) => {
        failed = true;
        sheetProblem(row, column, message);
      };
      const text = (column: number): string => {
        const cell = cells[column];
        if (cell === undefined) return '';
        if (typeof cell !== 'string') {
          problem(column, '不能导入公式，请改为直接填写内容');
          return '';
        }
        return neutraliseCell(cell.trim());
      };
      const { label, exists } = visit({ row, text, problem, failed: () => failed });
      plan.outcomes.push({ sheet: spec.name, row, outcome: failed ? 'error' : exists ? 'exists' : 'create', label });
    }
  };

  // 组织: names are how the other sheets (and later rows) name a unit, so a name must say which unit it is.
  const sheetUnits = new Map<string, { row: number; kind: OrgUnitKind | null }>();
  const unitRows: { row: number; name: string; kind: OrgUnitKind | null; parentName: string; category: string; problem: (c: number, m: string) => void }[] = [];
  readSheet('units', ({ row, text, problem }) => {
    const name = text(0);
    const kindLabel = text(1);
    const kind = unitKindByLabel[kindLabel] ?? null;
    if (!name) problem(0, '组织名称不能为空');
    else if (name.length > 100) problem(0, '组织名称不能超过 100 个字');
    else if (sheetUnits.has(name)) problem(0, `与第 ${sheetUnits.get(name)?.row} 行的组织同名`);
    if (!kind) problem(1, `类型应为 ${Object.keys(unitKindByLabel).join('、')} 之一`);
    const category = text(3);
    if (category.length > 50) problem(3, '分类不能超过 50 个字');
    if (name && !sheetUnits.has(name)) sheetUnits.set(name, { row, kind });
    unitRows.push({ row, name, kind, parentName: text(2), category, problem });
    return { label: name };
  });
  // Parents may be named before or after their children, so units resolve once the whole sheet is read.
  const unitOutcomes = plan.outcomes.filter((o) => o.sheet === importSheets.units.name);
  unitRows.forEach((u, i) => {
    const outcome = unitOutcomes[i];
    const fail = (column: number, message: string) => {
      u.problem(column, message);
      outcome.outcome = 'error';
    };
    const same = unitsByName.get(u.name) ?? [];
    if (same.length > 0) {
      if (same.some((e) => e.kind !== u.kind)) fail(0, '已有同名组织，且类型不同');
      else if (outcome.outcome !== 'error') outcome.outcome = 'exists';
      return;
    }
    let parent: PlannedUnit['parent'] = null;
    if (!u.parentName) {
      if (u.kind && u.kind !== 'committee') fail(2, '只有党委可以没有上级组织');
    } else {
      // A parent that exists already is that unit, even when the sheet names it too (its row then reads 已存在).
      const known = unitsByName.get(u.parentName) ?? [];
      const inSheet = known.length === 0 ? sheetUnits.get(u.parentName) : undefined;
      const parentKind = inSheet ? inSheet.kind : known.length === 1 ? known[0].kind : null;
      if (u.parentName === u.name) fail(2, '上级组织不能是本组织');
      else if (!inSheet && known.length === 0) fail(2, `找不到上级组织「${u.parentName}」`);
      else if (!inSheet && known.length > 1) fail(2, `有多个名为「${u.parentName}」的组织，无法确定上级`);
      else if (!inSheet && known[0].closed) fail(2, `上级组织「${u.parentName}」已撤销`);
      else if (parentKind === 'branch') fail(2, '党支部下不能再设组织');
      else parent = inSheet ? { key: u.parentName } : { existingId: known[0].id };
    }
    if (outcome.outcome === 'error' || !u.kind) return;
    plan.units.push({ key: u.name, name: u.name, kind: u.kind, parent, category: u.category || null });
  });
  // A unit below one that failed would be written without its parent: it fails too, naming the parent's row.
  const failedUnits = new Set(unitRows.filter((_, i) => unitOutcomes[i].outcome === 'error').map((u) => u.name));
  let spread = true;
  while (spread) {
    spread = false;
    for (const [i, u] of unitRows.entries()) {
      if (unitOutcomes[i].outcome === 'error' || !failedUnits.has(u.parentName)) continue;
      u.problem(2, `上级组织「${u.parentName}」（第 ${sheetUnits.get(u.parentName)?.row} 行）有错误`);
      unitOutcomes[i].outcome = 'error';
      failedUnits.add(u.name);
      plan.units = plan.units.filter((p) => p.key !== u.name);
      spread = true;
    }
  }
  const plannedUnitKeys = new Set(plan.units.map((p) => p.key));

  // 人员: the e-mail is the person's identity, whatever its case.
  const sheetPeople = new Map<string, number>();
  readSheet('people', ({ row, text, problem, failed }) => {
    const name = text(0);
    const email = text(1).toLowerCase();
    const password = text(2);
    if (!name) problem(0, '姓名不能为空');
    else if (name.length > 100) problem(0, '姓名不能超过 100 个字');
    if (!emailPattern.test(email) || email.length > 254) problem(1, '邮箱格式不正确');
    else if (sheetPeople.has(email)) problem(1, `与第 ${sheetPeople.get(email)} 行的邮箱重复`);
    if (password) for (const p of passwordProblems(password).slice(0, 1)) problem(2, `初始密码${p}`);
    const known = peopleByEmail.get(email);
    if (emailPattern.test(email) && !sheetPeople.has(email)) sheetPeople.set(email, row);
    if (!known && !failed()) plan.people.push({ key: email, name, email, password: password || null });
    return { label: name || email, exists: Boolean(known) };
  });

  const plannedEmails = new Set(plan.people.map((p) => p.key));

  // 任职: a person (by e-mail) holds a role in a unit (by name) for a term.
  const sheetGrants = new Map<string, number>();
  readSheet('roles', ({ text, problem, failed, row }) => {
    const email = text(0).toLowerCase();
    const unitName = text(1);
    const role = roleByLabel[text(2)];
    const startsOn = text(3);
    const endsOn = text(4);
    const known = peopleByEmail.get(email);
    let person: PlannedRole['person'] | null = null;
    if (!email) problem(0, '邮箱不能为空');
    else if (plannedEmails.has(email)) person = { key: email };
    else if (known?.deactivated) problem(0, '该人员已停用，不能任职');
    else if (known) person = { existingId: known.id };
    else if (sheetPeople.has(email)) problem(0, `「人员」第 ${sheetPeople.get(email)} 行有错误`);
    else problem(0, `找不到邮箱为 ${email} 的人员（请先在「人员」表中填写）`);
    if (!role) problem(2, `角色应为 ${Object.keys(roleByLabel).join('、')} 之一`);
    let unit: PlannedRole['unit'] = null;
    const sameName = unitsByName.get(unitName) ?? [];
    if (role === 'admin' && unitName) problem(1, '管理员面向整个组织，组织名称应留空');
    else if (!unitName && role && role !== 'admin' && role !== 'auditor') problem(1, '组织名称不能为空（只有管理员和纪检审计可以面向整个组织）');
    else if (unitName && plannedUnitKeys.has(unitName)) unit = { key: unitName };
    else if (unitName && sameName.length === 1 && sameName[0].closed) problem(1, `组织「${unitName}」已撤销`);
    else if (unitName && sameName.length === 1) unit = { existingId: sameName[0].id };
    else if (unitName && sameName.length > 1) problem(1, `有多个名为「${unitName}」的组织，无法确定`);
    else if (unitName && failedUnits.has(unitName)) problem(1, `「组织」表中的「${unitName}」有错误`);
    else if (unitName) problem(1, `找不到组织「${unitName}」`);
    if (startsOn && !isRealDate(startsOn)) problem(3, '开始日期应为 YYYY-MM-DD 格式的日期');
    if (endsOn && !isRealDate(endsOn)) problem(4, '结束日期应为 YYYY-MM-DD 格式的日期');
    else if (endsOn && endsOn < (isRealDate(startsOn) ? startsOn : existing.today)) problem(4, startsOn ? '结束日期不能早于开始日期' : '结束日期不能早于今天（未填开始日期时从今天开始）');
    const grantKey = `${email}|${unitName}|${role}`;
    if (sheetGrants.has(grantKey)) problem(0, `与第 ${sheetGrants.get(grantKey)} 行的任职重复`);
    sheetGrants.set(grantKey, row);
    const label = `${email} ${unitName} ${text(2)}`.trim();
    if (!person || !role || failed()) return { label };
    // Only a grant between people and units that exist already can be held already.
    const existingUnitId = unit === null ? '' : 'existingId' in unit ? unit.existingId : null;
    if ('existingId' in person && existingUnitId !== null && existing.openGrants.has(`${person.existingId}|${existingUnitId}|${role}`)) return { label, exists: true };
    plan.roles.push({ person, unit, role, startsOn: startsOn || null, endsOn: endsOn || null });
    return { label };
  });
  // As a person reads the workbook: sheet by sheet, row by row, left to right (units' parents are checked in a later pass).
  const sheetOrder: string[] = Object.values(importSheets).map((spec) => spec.name);
  plan.issues.sort((a, b) => sheetOrder.indexOf(a.sheet) - sheetOrder.indexOf(b.sheet) || a.row - b.row || a.column.localeCompare(b.column));
  return plan;
}
