import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import type { Lang } from '../../../../libs/audit/timeline-labels.js';

export class LangQuery {
  @ApiPropertyOptional({ enum: ['zh', 'en'], default: 'zh', description: 'labels in Chinese (default) or English' })
  @IsOptional()
  @IsIn(['zh', 'en'])
  lang?: Lang;
}

export class VerifyQuery {
  @ApiPropertyOptional({ description: "one project's chain only" })
  @IsOptional()
  @IsUUID()
  projectId?: string;
}

/** Workflow ids are business ids (project-<uuid>, approval-launch-<uuid>-r1, …): letters, digits and a few separators. */
const workflowIdPattern = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;

export class WorkflowIdParam {
  @IsString()
  @MaxLength(300)
  @Matches(workflowIdPattern)
  id!: string;
}

export class ReplayBody {
  @ApiPropertyOptional({ description: 'a workflow on the server to replay, every run of it; or upload a history file as `history` instead' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  @Matches(workflowIdPattern)
  workflowId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: "every workflow of this project (its year, chains, deadlines, items, evaluation), every run of each" })
  @IsOptional()
  @IsUUID()
  projectId?: string;
}
