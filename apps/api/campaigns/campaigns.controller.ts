import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { IdParam } from '../http/id-param.dto.js';
import { IdempotencyKey, IdempotencyKeyHeader } from '../http/idempotency-key.decorator.js';
import { CampaignsService } from './campaigns.service.js';
import { CampaignDetailResponseDto, CampaignResponseDto } from './dto/campaign-response.dto.js';
import { CampaignUnitParams, CreateCampaignDto, RateCampaignReportDto, SubmitCampaignReportDto } from './dto/campaign.dto.js';

@ApiTags('campaigns')
@ApiBearerAuth()
@Controller('campaigns')
export class CampaignsController {
  constructor(private readonly campaigns: CampaignsService) {}

  @Post()
  @IdempotencyKeyHeader()
  @ApiOperation({
    summary:
      'Issue a reporting campaign (报告任务, e.g. 述职述责) to the units chosen by kind, category or subtree, one deadline per unit; with `recurrence`, every quarter or year from a Temporal Schedule (committee or admin)',
  })
  @ApiCreatedResponse({ type: CampaignDetailResponseDto })
  create(@CurrentUser() personId: string, @Body() dto: CreateCampaignDto, @IdempotencyKey() key: string) {
    return this.campaigns.create(personId, dto, key);
  }

  @Get()
  @ApiOperation({ summary: 'Reporting campaigns (报告任务) that ask a unit I can see, or that I issued, with their counts' })
  @ApiOkResponse({ type: [CampaignResponseDto] })
  list(@CurrentUser() personId: string) {
    return this.campaigns.list(personId);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One campaign with its roll-up (按时 / 逾期提交 / 未提交): per unit on time, late or missing, and overdue' })
  @ApiOkResponse({ type: CampaignDetailResponseDto })
  get(@CurrentUser() personId: string, @Param() { id }: IdParam) {
    return this.campaigns.get(personId, id);
  }

  @Post(':id/reports')
  @HttpCode(200)
  @IdempotencyKeyHeader()
  @ApiOperation({ summary: "Submit a unit's report (报送) in a campaign, as a secretary of that unit; once per unit" })
  @ApiOkResponse({ type: CampaignDetailResponseDto })
  report(@CurrentUser() personId: string, @Param() { id }: IdParam, @Body() dto: SubmitCampaignReportDto, @IdempotencyKey() key: string) {
    return this.campaigns.submitReport(personId, id, dto, key);
  }

  @Post(':id/reports/:unitId/rating')
  @HttpCode(200)
  @ApiOperation({ summary: "Rate a unit's submitted report (评价: 好/较好/一般/差) as the committee, once; a duty report's rating caps 优秀 (双评双优)" })
  @ApiOkResponse({ type: CampaignDetailResponseDto })
  rate(@CurrentUser() personId: string, @Param() { id, unitId }: CampaignUnitParams, @Body() dto: RateCampaignReportDto) {
    return this.campaigns.rateReport(personId, id, unitId, dto);
  }
}
