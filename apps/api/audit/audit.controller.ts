import { Body, Controller, Get, Header, HttpCode, Param, Post, Query, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiConsumes, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { ApiMultipartFiles } from '../http/multipart-files.decorator.js';
import { IdParam } from '../http/id-param.dto.js';
import { AuditService } from './audit.service.js';
import { AuditChainReportDto, AuditProjectHistoriesDto, AuditReplayVerdictDto, AuditTimelineDto, AuditWorkflowExportDto } from './dto/audit-response.dto.js';
import { LangQuery, ReplayBody, VerifyQuery, WorkflowIdParam } from './dto/audit.dto.js';

/** A year of one project's histories is a few MB of JSON; far more than that is not a Tandem history. */
const maxHistoryBytes = 16 * 1024 * 1024;

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get('verify')
  @ApiOkResponse({ type: AuditChainReportDto })
  @ApiOperation({ summary: '校验审计日志哈希链: every chain the caller may read, with the first broken link of each (a row changed, deleted, inserted or moved)' })
  verify(@CurrentUser() personId: string, @Query() { projectId }: VerifyQuery) {
    return this.audit.verify(personId, projectId);
  }

  @Get('workflows/:id/history')
  @ApiOkResponse({ type: AuditWorkflowExportDto })
  @ApiOperation({ summary: '导出工作流历史: the full Temporal history of one workflow as JSON, every run (continued-as-new included), with the ids of the children it started' })
  history(@CurrentUser() personId: string, @Param() { id }: WorkflowIdParam) {
    return this.audit.workflowHistory(personId, id);
  }

  @Get('projects/:id/histories')
  @ApiOkResponse({ type: AuditProjectHistoriesDto })
  @ApiOperation({ summary: '导出项目全部历史: the histories of every workflow of a project (its year, chains, deadlines, rectification items, evaluation)' })
  histories(@CurrentUser() personId: string, @Param() { id }: IdParam) {
    return this.audit.projectHistories(personId, id);
  }

  @Get('projects/:id/timeline')
  @ApiOkResponse({ type: AuditTimelineDto })
  @ApiOperation({
    summary: '项目时间线: every step in order (who and their role then, what, when in Beijing time, under which policy and rule), each checked against the audit log and the records; consistent only without mismatches',
  })
  timeline(@CurrentUser() personId: string, @Param() { id }: IdParam, @Query() { lang }: LangQuery) {
    return this.audit.timeline(personId, id, lang ?? 'zh');
  }

  @Get('projects/:id/dossier')
  @Header('Content-Type', 'text/html; charset=utf-8')
  // Nothing in the page runs or loads: a dossier printed from a browser shows what the records say and nothing else.
  @Header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'")
  @Header('X-Content-Type-Options', 'nosniff')
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'the dossier as one HTML page', schema: { type: 'string' } })
  @ApiOperation({ summary: '审计档案: a self-contained HTML page that prints to A4: timeline, decisions, scores, evidence with hashes, the chain verification' })
  dossier(@CurrentUser() personId: string, @Param() { id }: IdParam, @Query() { lang }: LangQuery) {
    return this.audit.dossier(personId, id, lang ?? 'zh');
  }

  @Post('replay')
  @HttpCode(200)
  @UseInterceptors(FileInterceptor('history', { limits: { fileSize: maxHistoryBytes } }))
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiMultipartFiles('history', 1)
  @ApiOkResponse({ type: [AuditReplayVerdictDto] })
  @ApiOperation({
    summary: '重放验证: replays a workflow (by id, every run), every workflow of a project, or an uploaded history against the running code: deterministic, or where it diverges (event, expected and found command)',
  })
  replay(@CurrentUser() personId: string, @Body() { workflowId, projectId }: ReplayBody, @UploadedFile() file: { buffer: Buffer; originalname: string } | undefined) {
    return this.audit.replay(personId, { workflowId, projectId, upload: file ? { name: file.originalname, bytes: file.buffer } : undefined });
  }
}
