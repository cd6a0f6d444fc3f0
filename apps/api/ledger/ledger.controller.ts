import { Body, Controller, Get, Header, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { IdParam } from '../http/id-param.dto.js';
import { IdempotencyKey, IdempotencyKeyHeader } from '../http/idempotency-key.decorator.js';
import { EvidenceDto, LedgerQuery } from './dto/ledger.dto.js';
import { LedgerService } from './ledger.service.js';

@ApiTags('ledger')
@ApiBearerAuth()
@Controller()
export class LedgerController {
  constructor(private readonly ledger: LedgerService) {}

  @Get('ledger')
  @ApiOperation({
    summary: 'The rectification ledger (整改台账): items with their finding, both owners (一岗双责), due dates and overdue flags, a page at a time (total in X-Total-Count)',
  })
  async list(@CurrentUser() personId: string, @Query() query: LedgerQuery, @Res({ passthrough: true }) res: Response) {
    const { items, total } = await this.ledger.list(personId, query);
    res.setHeader('X-Total-Count', String(total));
    return items;
  }

  @Get('ledger/export.csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="ledger.csv"')
  @ApiOperation({ summary: 'The ledger (整改台账导出) with the same filters as CSV for Excel (UTF-8 with BOM), every matching item, up to 10 000' })
  exportCsv(@CurrentUser() personId: string, @Query() query: LedgerQuery) {
    return this.ledger.exportCsv(personId, query);
  }

  @Get('rectifications/:id')
  @ApiOperation({ summary: 'One rectification item (整改事项) with its evidence and whole history: each step recorded, each reminder and escalation sent' })
  item(@CurrentUser() personId: string, @Param() { id }: IdParam) {
    return this.ledger.item(personId, id);
  }

  @Post('rectifications/:id/evidence')
  @HttpCode(200)
  @IdempotencyKeyHeader()
  @ApiOperation({ summary: 'Submit rectification evidence (整改佐证) as the party or business owner; verification (销号) follows' })
  evidence(@CurrentUser() personId: string, @Param() { id }: IdParam, @Body() dto: EvidenceDto, @IdempotencyKey() key: string) {
    return this.ledger.submitEvidence(personId, id, dto.text, key);
  }
}
