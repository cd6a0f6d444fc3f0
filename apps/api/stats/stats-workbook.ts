import ExcelJS from 'exceljs';
import { neutraliseCell } from '../../../libs/domain/index.js';
import type { StatsTableDto } from './dto/stats.dto.js';

/**
 * One figure as an Excel workbook: its table as the dashboard shows it, the unit and year above it. Unit and campaign
 * names are people's text, so every text cell goes through neutraliseCell (a name starting `=` stays text).
 */
export async function statsWorkbook(table: StatsTableDto): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(table.title.slice(0, 31));
  const text = (value: string) => neutraliseCell(value);
  sheet.addRow([text(table.title)]).font = { bold: true, size: 14 };
  sheet.addRow([text(`范围：${table.unitName}`), `年度：${table.year}`]);
  sheet.addRow([]);
  const header = sheet.addRow([text(table.rowHeader), ...table.columns.map((c) => text(c.unit ? `${c.label}（${c.unit}）` : c.label))]);
  header.font = { bold: true };
  for (const line of [...table.rows, table.total]) sheet.addRow([text(line.label), ...line.values.map((v) => v ?? '')]);
  sheet.lastRow!.font = { bold: true };
  sheet.columns.forEach((column, i) => {
    column.width = i === 0 ? 28 : 14;
  });
  return Buffer.from(await book.xlsx.writeBuffer());
}
