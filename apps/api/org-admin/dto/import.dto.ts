import { ApiProperty } from '@nestjs/swagger';

const outcomes = ['create', 'exists', 'error'] as const;

export class OutcomeCountsDto {
  @ApiProperty({ description: 'rows that would be (or were) created' }) create!: number;
  @ApiProperty({ description: 'rows naming what exists already (left as it is)' }) exists!: number;
  @ApiProperty({ description: 'rows with a problem' }) error!: number;
}

export class ImportCountsDto {
  @ApiProperty({ type: OutcomeCountsDto }) units!: OutcomeCountsDto;
  @ApiProperty({ type: OutcomeCountsDto }) people!: OutcomeCountsDto;
  @ApiProperty({ type: OutcomeCountsDto }) roles!: OutcomeCountsDto;
}

export class RowOutcomeDto {
  @ApiProperty({ example: '组织' }) sheet!: string;
  @ApiProperty({ description: 'the row number as Excel shows it' }) row!: number;
  @ApiProperty({ enum: outcomes, enumName: 'ImportRowOutcome' }) outcome!: (typeof outcomes)[number];
  @ApiProperty() label!: string;
}

export class ImportIssueDto {
  @ApiProperty({ example: '人员' }) sheet!: string;
  @ApiProperty({ example: 3 }) row!: number;
  @ApiProperty({ example: 'B', description: 'the column letter' }) column!: string;
  @ApiProperty({ example: '邮箱', description: "the column's header" }) header!: string;
  @ApiProperty({ example: '邮箱格式不正确' }) message!: string;
}

export class ImportReportDto {
  @ApiProperty({ description: 'true when confirming this workbook would import it' }) ok!: boolean;
  @ApiProperty({ description: 'SHA-256 of the workbook' }) sha256!: string;
  @ApiProperty({ type: ImportCountsDto }) counts!: ImportCountsDto;
  @ApiProperty({ type: [RowOutcomeDto] }) rows!: RowOutcomeDto[];
  @ApiProperty({ type: [ImportIssueDto] }) issues!: ImportIssueDto[];
}

export class ImportCreatedDto {
  @ApiProperty() units!: number;
  @ApiProperty() people!: number;
  @ApiProperty() roles!: number;
}

export class ImportResultDto {
  @ApiProperty() sha256!: string;
  @ApiProperty({ type: ImportCreatedDto }) created!: ImportCreatedDto;
}

/**
 * The workbook comes as the multipart file `workbook`; the route takes JSON too only so that a request without the
 * file is told what is missing (400) rather than which content types exist (415), after its caller's rights are checked.
 */
export class ImportBody {}
