import { Body, Controller, Get, Param, ParseIntPipe, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { YearPolicy } from '../../../libs/domain/index.js';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { PoliciesService } from './policies.service.js';

@ApiTags('policies')
@ApiBearerAuth()
@Controller('policies')
export class PoliciesController {
  constructor(private readonly policies: PoliciesService) {}

  @Get(':year')
  @ApiOperation({ summary: "A year's policy (年度规则): report due dates, reminder and escalation ladders, scoring rules" })
  get(@Param('year', ParseIntPipe) year: number) {
    return this.policies.policyFor(year);
  }

  @Put(':year')
  @ApiBody({ description: 'the whole policy document, as GET returns it' })
  @ApiOperation({ summary: "Set a year's policy (admin); every invalid field is named in one 400" })
  put(@CurrentUser() personId: string, @Param('year', ParseIntPipe) year: number, @Body() body: YearPolicy) {
    return this.policies.put(personId, year, body);
  }
}
