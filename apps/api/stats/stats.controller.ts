import { Controller, Get, Param, Query, Res, StreamableFile } from '@nestjs/common';
import type { Response } from 'express';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { beijingOffsetMs } from '../../../libs/domain/index.js';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { StatsFigureParams, StatsListPageDto, StatsListQuery, StatsQuery, StatsTableDto } from './dto/stats.dto.js';
import { statsWorkbook } from './stats-workbook.js';
import { StatsService, totalLine, type StatsSelection } from './stats.service.js';

/** This year in Beijing, when the query names none. */
const selection = (query: StatsQuery): StatsSelection => ({ unit: query.unit, year: query.year ?? new Date(Date.now() + beijingOffsetMs).getUTCFullYear() });

const xlsx = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

@ApiTags('stats')
@ApiBearerAuth()
@Controller('stats')
export class StatsController {
  constructor(private readonly stats: StatsService) {}

  @Get(':figure')
  @ApiOperation({
    summary:
      '统计: one figure of a unit subtree and year (projects by kind and stage, quarterly reports on time/late/missing per unit, findings and items by severity and status with closure rate and mean days to close, 双问责, year-end grades and completion, campaign completion), counted in SQL (secretaries, committee members and auditors over their subtree; admins and organisation auditors everything)',
  })
  @ApiOkResponse({ type: StatsTableDto })
  table(@CurrentUser() personId: string, @Param() { figure }: StatsFigureParams, @Query() query: StatsQuery) {
    return this.stats.table(personId, figure, selection(query));
  }

  @Get(':figure/list')
  @ApiOperation({ summary: '统计明细: the rows behind one cell of a figure (a line or total, and a column), a page at a time' })
  @ApiOkResponse({ type: StatsListPageDto })
  list(@CurrentUser() personId: string, @Param() { figure }: StatsFigureParams, @Query() query: StatsListQuery) {
    return this.stats.list(personId, figure, { ...selection(query), row: query.row ?? totalLine, column: query.column ?? null, page: query.page ?? 1, pageSize: query.pageSize ?? 50 });
  }

  @Get(':figure/export.xlsx')
  @ApiProduces(xlsx)
  @ApiOkResponse({ description: "the figure's table as an Excel workbook", schema: { type: 'string', format: 'binary' } })
  @ApiOperation({ summary: 'One figure as .xlsx (统计导出), the same table the dashboard shows' })
  async export(@CurrentUser() personId: string, @Param() { figure }: StatsFigureParams, @Query() query: StatsQuery, @Res({ passthrough: true }) res: Response) {
    const table = await this.stats.table(personId, figure, selection(query));
    res.set({ 'Content-Type': xlsx, 'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(`${table.title}-${table.year}.xlsx`)}` });
    return new StreamableFile(await statsWorkbook(table));
  }
}
