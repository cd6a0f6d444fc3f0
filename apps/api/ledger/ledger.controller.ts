import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
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
  @ApiOperation({ summary: 'The rectification ledger (整改台账): items with their finding, both owners (一岗双责), due dates and overdue flags' })
  list(@CurrentUser() personId: string, @Query() query: LedgerQuery) {
    return this.ledger.list(personId, query);
  }

  @Post('rectifications/:id/evidence')
  @HttpCode(200)
  @IdempotencyKeyHeader()
  @ApiOperation({ summary: 'Submit rectification evidence (整改佐证) as the party or business owner; verification (销号) follows' })
  evidence(@CurrentUser() personId: string, @Param() { id }: IdParam, @Body() dto: EvidenceDto, @IdempotencyKey() key: string) {
    return this.ledger.submitEvidence(personId, id, dto.text, key);
  }
}
