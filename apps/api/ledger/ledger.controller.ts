import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { IdempotencyKey } from '../http/idempotency-key.decorator.js';
import { IdParam } from '../org/dto/org.dto.js';
import { EvidenceDto, LedgerQuery } from './dto/ledger.dto.js';
import { LedgerService } from './ledger.service.js';

@ApiTags('ledger')
@ApiBearerAuth()
@Controller()
export class LedgerController {
  constructor(private readonly ledger: LedgerService) {}

  @Get('ledger')
  @ApiOperation({ summary: 'The rectification ledger (整改台账): items with both owners, due dates and overdue flags' })
  list(@CurrentUser() personId: string, @Query() query: LedgerQuery) {
    return this.ledger.list(personId, query);
  }

  @Post('rectifications/:id/evidence')
  @HttpCode(200)
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiOperation({ summary: 'Submit rectification evidence (整改佐证) as the party or business owner; verification (销号) follows' })
  evidence(@CurrentUser() personId: string, @Param() { id }: IdParam, @Body() dto: EvidenceDto, @IdempotencyKey() key: string) {
    return this.ledger.submitEvidence(personId, id, dto.text, key);
  }
}
