import { Body, Controller, Get, Header, HttpCode, Post, StreamableFile, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiConsumes, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { IdempotencyInterceptor } from '../http/idempotency.interceptor.js';
import { ApiMultipartFiles } from '../http/multipart-files.decorator.js';
import { ImportBody, ImportReportDto, ImportResultDto } from './dto/import.dto.js';
import { OrgImportService } from './org-import.service.js';

const xlsx = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const upload = FileInterceptor('workbook', { limits: { fileSize: 10 * 1024 * 1024, files: 1 } });
type Upload = { buffer: Buffer } | undefined;

@ApiTags('org')
@ApiBearerAuth()
@Controller('org-import')
export class OrgImportController {
  constructor(private readonly imports: OrgImportService) {}

  @Get('template')
  @Header('Content-Type', xlsx)
  @Header('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent('组织导入模板.xlsx')}`)
  @ApiProduces(xlsx)
  @ApiOkResponse({ description: 'the empty workbook: sheets 组织, 人员, 任职 with Chinese headers, and 说明', schema: { type: 'string', format: 'binary' } })
  @ApiOperation({ summary: 'The Excel template (导入模板) for a bulk import of units, people and roles (admin)' })
  async template(@CurrentUser() personId: string) {
    return new StreamableFile(await this.imports.template(personId));
  }

  @Post('dry-run')
  @HttpCode(200)
  @UseInterceptors(upload, IdempotencyInterceptor)
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiMultipartFiles('workbook', 1)
  @ApiOkResponse({ type: ImportReportDto })
  @ApiOperation({ summary: '试导入 (dry run): every row’s outcome and every problem with its sheet, row and column; writes nothing (admin)' })
  dryRun(@CurrentUser() personId: string, @Body() _body: ImportBody, @UploadedFile() file: Upload) {
    return this.imports.dryRun(personId, file?.buffer);
  }

  @Post()
  @HttpCode(200)
  @UseInterceptors(upload, IdempotencyInterceptor)
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiMultipartFiles('workbook', 1)
  @ApiOkResponse({ type: ImportResultDto })
  @ApiOperation({ summary: '确认导入: checks the workbook again and writes all of it in one transaction, each row audited, or nothing (400 naming the first problem) (admin)' })
  confirm(@CurrentUser() personId: string, @Body() _body: ImportBody, @UploadedFile() file: Upload) {
    return this.imports.confirm(personId, file?.buffer);
  }
}
