import { Body, Controller, Get, Header, HttpCode, Param, Post, Query, Res, UploadedFiles, UseInterceptors } from '@nestjs/common';
import { FilesInterceptor } from '@nestjs/platform-express';
import type { Response } from 'express';
import { ApiBearerAuth, ApiConsumes, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { evidenceFileLimits } from '../../../libs/domain/index.js';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { ApiMultipartFiles } from '../http/multipart-files.decorator.js';
import { IdParam } from '../http/id-param.dto.js';
import { IdempotencyKey, IdempotencyKeyHeader } from '../http/idempotency-key.decorator.js';
import { IdempotencyInterceptor } from '../http/idempotency.interceptor.js';
import { LedgerEntryResponseDto, RectificationDetailResponseDto, RectificationStateResponseDto } from './dto/ledger-response.dto.js';
import { EvidenceDto, FileParams, LedgerQuery } from './dto/ledger.dto.js';
import type { UploadedEvidenceFile } from './evidence-files.js';
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
  @ApiOkResponse({ type: [LedgerEntryResponseDto], headers: { 'X-Total-Count': { description: 'items matching the filters', schema: { type: 'integer' } } } })
  async list(@CurrentUser() personId: string, @Query() query: LedgerQuery, @Res({ passthrough: true }) res: Response) {
    const { items, total } = await this.ledger.list(personId, query);
    res.setHeader('X-Total-Count', String(total));
    return items;
  }

  @Get('ledger/export.csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="ledger.csv"')
  @ApiProduces('text/csv')
  @ApiOkResponse({ schema: { type: 'string' }, description: 'CSV, UTF-8 with BOM' })
  @ApiOperation({ summary: 'The ledger (整改台账导出) with the same filters as CSV for Excel (UTF-8 with BOM), every matching item, up to 10 000' })
  async exportCsv(@CurrentUser() personId: string, @Query() query: LedgerQuery, @Res({ passthrough: true }) res: Response) {
    const { csv, total } = await this.ledger.exportCsv(personId, query);
    // Beyond the export's 10 000 rows the count says so, for the client to narrow the filters.
    res.setHeader('X-Total-Count', String(total));
    return csv;
  }

  @Get('rectifications/:id')
  @ApiOperation({ summary: 'One rectification item (整改事项) with its evidence and whole history: each step recorded, each reminder and escalation sent' })
  @ApiOkResponse({ type: RectificationDetailResponseDto })
  item(@CurrentUser() personId: string, @Param() { id }: IdParam) {
    return this.ledger.item(personId, id);
  }

  @Post('rectifications/:id/evidence')
  @HttpCode(200)
  @IdempotencyKeyHeader()
  // Multer stops a file at four times the limit (so at most 5 × 20 MB sit in memory); the limit itself is checked file by
  // file, so the answer names the file that is too large.
  // The idempotency interceptor again after the upload: only then are the text fields and files there to hash.
  @UseInterceptors(
    FilesInterceptor('files', evidenceFileLimits.maxFiles, { limits: { fileSize: 4 * evidenceFileLimits.maxBytes }, defParamCharset: 'utf8' }),
    IdempotencyInterceptor,
  )
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiMultipartFiles('files', evidenceFileLimits.maxFiles)
  @ApiOperation({
    summary: 'Submit rectification evidence (整改佐证) as the party or business owner, as JSON or multipart with up to 5 files (PDF, JPEG, PNG, .docx, .xlsx, text; 5 MB each); verification (销号) follows',
  })
  @ApiOkResponse({ type: RectificationStateResponseDto })
  evidence(@CurrentUser() personId: string, @Param() { id }: IdParam, @Body() dto: EvidenceDto, @UploadedFiles() files: UploadedEvidenceFile[] | undefined, @IdempotencyKey() key: string) {
    return this.ledger.submitEvidence(personId, id, dto.text, files ?? [], key);
  }

  @Get('rectifications/:id/files/:fileId')
  @ApiOperation({ summary: 'Download an evidence file (佐证材料) as uploaded, with its SHA-256 in X-Content-SHA256' })
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' }, description: 'the file as uploaded, under its own content type' })
  async file(@CurrentUser() personId: string, @Param() { id, fileId }: FileParams, @Res() res: Response) {
    const file = await this.ledger.file(personId, id, fileId);
    res.set({
      'Content-Type': file.contentType,
      'Content-Length': String(file.size),
      // RFC 6266 with RFC 5987: a Chinese file name survives the header.
      'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`,
      'X-Content-SHA256': file.sha256,
    });
    res.end(file.data);
  }
}
