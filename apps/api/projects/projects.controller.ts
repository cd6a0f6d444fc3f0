import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { IdParam } from '../http/id-param.dto.js';
import { IdempotencyKey, IdempotencyKeyHeader } from '../http/idempotency-key.decorator.js';
import {
  CreateProjectDto,
  ListProjectsQuery,
  RaiseFindingDto,
  ResubmitProjectDto,
  SelfAssessmentDto,
  SubmitProjectDto,
  SubmitReportDto,
  WithdrawProjectDto,
} from './dto/project.dto.js';
import { ProjectCommandResponseDto, ProjectDetailResponseDto, ProjectResponseDto, QuarterStateResponseDto, RaisedFindingResponseDto } from './dto/project-response.dto.js';
import { EvaluationStateDto } from '../evaluations/dto/evaluation-response.dto.js';
import { ProjectsService } from './projects.service.js';

@ApiTags('projects')
@ApiBearerAuth()
@Controller('projects')
export class ProjectsController {
  constructor(private readonly projects: ProjectsService) {}

  @Post()
  @ApiOperation({ summary: 'Create a draft carrier project (载体项目草稿) owned by me, in a unit where I may act' })
  @ApiCreatedResponse({ type: ProjectResponseDto })
  create(@CurrentUser() personId: string, @Body() dto: CreateProjectDto): Promise<ProjectResponseDto> {
    return this.projects.create(personId, dto);
  }

  @Get()
  @ApiOperation({ summary: 'Projects (载体项目) visible to me, filtered by year, unit subtree, status and kind' })
  @ApiOkResponse({ type: [ProjectResponseDto] })
  list(@CurrentUser() personId: string, @Query() query: ListProjectsQuery): Promise<ProjectResponseDto[]> {
    return this.projects.list(personId, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One project with its approval chains (审批链), quarterly reports, findings and rectification items, deadlines and evaluation' })
  @ApiOkResponse({ type: ProjectDetailResponseDto })
  get(@CurrentUser() personId: string, @Param() { id }: IdParam): Promise<ProjectDetailResponseDto> {
    return this.projects.get(personId, id);
  }

  @Put(':id')
  @ApiOperation({ summary: 'Edit my draft (编辑草稿) before submitting it: the whole draft, on the rules of a new one; a submitted project is refused (409)' })
  @ApiOkResponse({ type: ProjectResponseDto })
  updateDraft(@CurrentUser() personId: string, @Param() { id }: IdParam, @Body() dto: CreateProjectDto): Promise<ProjectResponseDto> {
    return this.projects.updateDraft(personId, id, dto);
  }

  @Post(':id/submit')
  @HttpCode(200)
  @IdempotencyKeyHeader()
  @ApiOperation({ summary: 'Submit my draft for launch approval (提交立项), optionally copying people in on the decision (抄送): starts the project year' })
  @ApiOkResponse({ type: ProjectCommandResponseDto })
  submit(@CurrentUser() personId: string, @Param() { id }: IdParam, @Body() dto: SubmitProjectDto, @IdempotencyKey() key: string) {
    return this.projects.submit(personId, id, dto, key);
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  @IdempotencyKeyHeader()
  @ApiOperation({ summary: 'Withdraw my project (撤回) while its launch is not yet decided: open approval steps are closed' })
  @ApiOkResponse({ type: ProjectCommandResponseDto })
  withdraw(@CurrentUser() personId: string, @Param() { id }: IdParam, @Body() dto: WithdrawProjectDto, @IdempotencyKey() key: string) {
    return this.projects.withdraw(personId, id, dto, key);
  }

  @Post(':id/resubmit')
  @HttpCode(200)
  @IdempotencyKeyHeader()
  @ApiOperation({ summary: 'Resubmit a project sent back (退回后重新提交) with a revised title or goals' })
  @ApiOkResponse({ type: ProjectCommandResponseDto })
  resubmit(@CurrentUser() personId: string, @Param() { id }: IdParam, @Body() dto: ResubmitProjectDto, @IdempotencyKey() key: string) {
    return this.projects.resubmit(personId, id, dto, key);
  }

  @Post(':id/reports')
  @HttpCode(200)
  @IdempotencyKeyHeader()
  @ApiOperation({ summary: 'Submit a quarterly report (季度检查报告) for review by the parent unit' })
  @ApiOkResponse({ type: QuarterStateResponseDto })
  report(@CurrentUser() personId: string, @Param() { id }: IdParam, @Body() dto: SubmitReportDto, @IdempotencyKey() key: string) {
    return this.projects.submitReport(personId, id, dto, key);
  }

  @Post(':id/findings')
  @HttpCode(200)
  @IdempotencyKeyHeader()
  @ApiOperation({ summary: 'Raise a finding (问题清单) with its rectification item (整改清单) and both owners (一岗双责), as a reviewer' })
  @ApiOkResponse({ type: RaisedFindingResponseDto })
  finding(@CurrentUser() personId: string, @Param() { id }: IdParam, @Body() dto: RaiseFindingDto, @IdempotencyKey() key: string) {
    return this.projects.raiseFinding(personId, id, dto, key);
  }

  @Post(':id/resume')
  @HttpCode(200)
  @IdempotencyKeyHeader()
  @ApiOperation({ summary: 'Resume (恢复流程) a project year that waits for an administrator (attention on GET /projects/:id): the failed step is tried again; administrators only' })
  @ApiOkResponse({ type: ProjectCommandResponseDto })
  resume(@CurrentUser() personId: string, @Param() { id }: IdParam, @IdempotencyKey() key: string) {
    return this.projects.resume(personId, id, key);
  }

  @Post(':id/self-assessment')
  @HttpCode(200)
  @IdempotencyKeyHeader()
  @ApiOperation({ summary: 'Submit the year-end self-assessment (年终自评) as the project owner' })
  @ApiOkResponse({ type: EvaluationStateDto })
  selfAssessment(@CurrentUser() personId: string, @Param() { id }: IdParam, @Body() dto: SelfAssessmentDto, @IdempotencyKey() key: string) {
    return this.projects.submitSelfAssessment(personId, id, dto.summary, key);
  }
}
