import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { IdempotencyKey } from '../http/idempotency-key.decorator.js';
import { IdParam } from '../org/dto/org.dto.js';
import { CreateProjectDto, ListProjectsQuery, RaiseFindingDto, ResubmitProjectDto, SelfAssessmentDto, SubmitReportDto } from './dto/project.dto.js';
import { ProjectsService } from './projects.service.js';

const idempotencyHeader = { name: 'Idempotency-Key', required: false, description: 'retrying with the same key never acts twice' };

@ApiTags('projects')
@ApiBearerAuth()
@Controller('projects')
export class ProjectsController {
  constructor(private readonly projects: ProjectsService) {}

  @Post()
  @ApiOperation({ summary: 'Create a draft carrier project (载体项目) owned by me in a unit I belong to' })
  create(@CurrentUser() personId: string, @Body() dto: CreateProjectDto) {
    return this.projects.create(personId, dto);
  }

  @Get()
  @ApiOperation({ summary: 'Projects visible to me, by year, unit subtree, status and kind' })
  list(@CurrentUser() personId: string, @Query() query: ListProjectsQuery) {
    return this.projects.list(personId, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One project with its approval chains, reports, findings, deadlines and evaluation' })
  get(@CurrentUser() personId: string, @Param() { id }: IdParam) {
    return this.projects.get(personId, id);
  }

  @Post(':id/submit')
  @HttpCode(200)
  @ApiHeader(idempotencyHeader)
  @ApiOperation({ summary: 'Submit a draft for launch approval (立项): starts its year' })
  submit(@CurrentUser() personId: string, @Param() { id }: IdParam, @IdempotencyKey() key: string) {
    return this.projects.submit(personId, id, key);
  }

  @Post(':id/resubmit')
  @HttpCode(200)
  @ApiHeader(idempotencyHeader)
  @ApiOperation({ summary: 'Resubmit a project sent back (退回) with revised title or goals' })
  resubmit(@CurrentUser() personId: string, @Param() { id }: IdParam, @Body() dto: ResubmitProjectDto, @IdempotencyKey() key: string) {
    return this.projects.resubmit(personId, id, dto, key);
  }

  @Post(':id/reports')
  @HttpCode(200)
  @ApiHeader(idempotencyHeader)
  @ApiOperation({ summary: 'Submit the quarterly report (季度检查) for review by the parent unit' })
  report(@CurrentUser() personId: string, @Param() { id }: IdParam, @Body() dto: SubmitReportDto, @IdempotencyKey() key: string) {
    return this.projects.submitReport(personId, id, dto, key);
  }

  @Post(':id/findings')
  @HttpCode(200)
  @ApiHeader(idempotencyHeader)
  @ApiOperation({ summary: 'Raise a finding (问题清单) with a rectification item (整改清单) and both owners (一岗双责)' })
  finding(@CurrentUser() personId: string, @Param() { id }: IdParam, @Body() dto: RaiseFindingDto, @IdempotencyKey() key: string) {
    return this.projects.raiseFinding(personId, id, dto, key);
  }

  @Post(':id/self-assessment')
  @HttpCode(200)
  @ApiHeader(idempotencyHeader)
  @ApiOperation({ summary: 'Submit the year-end self-assessment (年终自评)' })
  selfAssessment(@CurrentUser() personId: string, @Param() { id }: IdParam, @Body() dto: SelfAssessmentDto, @IdempotencyKey() key: string) {
    return this.projects.submitSelfAssessment(personId, id, dto.summary, key);
  }
}
