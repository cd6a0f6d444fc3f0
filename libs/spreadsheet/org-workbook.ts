import ExcelJS from 'exceljs';
import { importSheets, roleByLabel, unitKindByLabel, type ImportSheetKey, type RawCell, type RawSheet, type RawWorkbook } from '../domain/index.js';

/** More rows than any organisation imports at once: a larger sheet is refused before it is read cell by cell. */
export const maxImportRows = 20_000;

/** Rows to write; a `{ formula }` cell is written as a formula (tests check the import refuses one). */
export type SheetRows = Partial<Record<ImportSheetKey, readonly (readonly RawCell[])[]>>;

const sheetKeys = Object.keys(importSheets) as ImportSheetKey[];

/** A cell's value as text; a formula (of any kind) stays a formula, so the import refuses it instead of trusting its cached result. */
function rawCell(value: ExcelJS.CellValue): RawCell | undefined {
  if (value === null || value === undefined) return undefined;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value !== 'object') return String(value);
  if ('formula' in value || 'sharedFormula' in value) return { formula: String('formula' in value ? value.formula : value.sharedFormula) };
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('text' in value) return String(value.text);
  if ('error' in value) return String(value.error);
  return undefined;
}

interface RangeValidations {
  dataValidations: { add(range: string, rule: ExcelJS.DataValidation): void };
}

export class WorkbookUnreadable extends Error {}

/** The three sheets of an import workbook, by the names the template gives them; blank rows are left out. */
export async function readOrgWorkbook(bytes: Buffer): Promise<RawWorkbook> {
  const book = new ExcelJS.Workbook();
  try {
    await book.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw new WorkbookUnreadable('不是有效的 .xlsx 文件，请使用下载的模板');
  }
  const result: RawWorkbook = {};
  for (const key of sheetKeys) {
    const sheet = book.getWorksheet(importSheets[key].name);
    if (!sheet) continue;
    if (sheet.rowCount > maxImportRows + 1) throw new WorkbookUnreadable(`工作表「${importSheets[key].name}」超过 ${maxImportRows} 行，请分批导入`);
    const width = importSheets[key].columns.length;
    const cellsOf = (row: ExcelJS.Row) => Array.from({ length: width }, (_, i) => rawCell(row.getCell(i + 1).value));
    const header = cellsOf(sheet.getRow(1)).map((c) => (typeof c === 'string' ? c : ''));
    const rows: RawSheet['rows'] = [];
    sheet.eachRow({ includeEmpty: false }, (row, number) => {
      if (number === 1) return;
      const cells = cellsOf(row);
      if (cells.some((c) => c !== undefined && c !== '')) rows.push({ row: number, cells });
    });
    result[key] = { header, rows };
  }
  return result;
}

/**
 * The import workbook: the template (headers only, with the allowed words offered as drop-down lists) or, given rows,
 * a filled one (the bench and the tests write theirs this way).
 */
export async function writeOrgWorkbook(rows: SheetRows = {}): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  for (const key of sheetKeys) {
    const spec = importSheets[key];
    const sheet = book.addWorksheet(spec.name);
    sheet.columns = spec.columns.map((header) => ({ header, width: Math.max(14, header.length * 4) }));
    sheet.getRow(1).font = { bold: true };
    for (const row of rows[key] ?? []) sheet.addRow(row.map((cell) => (typeof cell === 'string' ? cell : { formula: cell.formula })));
  }
  // One rule per column range (exceljs has it at run time, not in its types), not one per cell.
  const offer = (key: ImportSheetKey, column: string, words: Record<string, unknown>) =>
    (book.getWorksheet(importSheets[key].name) as unknown as RangeValidations).dataValidations.add(`${column}2:${column}${maxImportRows}`, {
      type: 'list',
      allowBlank: true,
      formulae: [`"${Object.keys(words).join(',')}"`],
    });
  offer('units', 'B', unitKindByLabel);
  offer('roles', 'C', roleByLabel);
  const notes = book.addWorksheet('说明');
  notes.columns = [{ width: 100 }];
  for (const line of [
    '「组织」：组织名称唯一；类型为 党委、党总支 或 党支部；上级组织填写已有组织或本表中组织的名称（最上级党委留空）。',
    '「人员」：邮箱唯一（不区分大小写），通知发往此邮箱；初始密码可留空（留空则需管理员重置密码后才能登录）。',
    '「任职」：邮箱与组织名称指向「人员」「组织」表或系统中已有的人员和组织；管理员的组织名称留空；日期格式 YYYY-MM-DD。',
    '请直接填写内容，不要使用公式。导入前先试导入（检查），确认无误后再导入；有任何错误时不会写入任何数据。',
  ])
    notes.addRow([line]);
  return Buffer.from(await book.xlsx.writeBuffer());
}
