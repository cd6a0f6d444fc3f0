import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { PolicyDuePreviewResponseDto, YearParam, yearPolicySchema } from './dto/policy.dto.js';
import { PoliciesService } from './policies.service.js';

@ApiTags('policies')
@ApiBearerAuth()
@Controller('policies')
export class PoliciesController {
  constructor(private readonly policies: PoliciesService) {}

  @Get(':year')
  @ApiOperation({ summary: "A year's policy (年度规则): report due dates, reminder and escalation ladders (分级督办), scoring rules" })
  @ApiOkResponse({ schema: yearPolicySchema })
  get(@Param() { year }: YearParam) {
    return this.policies.policyFor(year);
  }

  @Get(':year/due-dates')
  @ApiOperation({ summary: "The year's due dates (截止日期预览) as its policy and the working-day calendar give them: each quarterly report, the self-assessment, the rectification periods" })
  @ApiOkResponse({ type: PolicyDuePreviewResponseDto })
  dueDates(@Param() { year }: YearParam) {
    return this.policies.duePreview(year);
  }

  @Put(':year')
  // The document is checked by libs/domain yearPolicyErrors, which names every bad field, an unknown one at any depth
  // included (yearPolicyShape): its unions and cross-field rules live there, and a DTO would only repeat them.
  @ApiBody({ description: 'the whole policy document (YearPolicy), as GET returns it', schema: yearPolicySchema })
  @ApiOperation({ summary: "Set a year's policy (设置年度规则) (admin); one 400 names every invalid field" })
  @ApiOkResponse({ schema: yearPolicySchema })
  put(@CurrentUser() personId: string, @Param() { year }: YearParam, @Body() body: unknown) {
    return this.policies.put(personId, year, body);
  }
}
