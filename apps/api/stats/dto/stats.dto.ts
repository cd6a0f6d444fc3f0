import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID, Matches, MaxLength } from 'class-validator';
import { OptionalQueryInt, OptionalQueryYear } from '../../http/query-number.decorator.js';
import { maybe, uuid, when } from '../../http/schema-options.js';
import { statsFigures, type StatsFigure } from '../figures.js';

export class StatsFigureParams {
  @ApiProperty({ enum: statsFigures, enumName: 'StatsFigure' })
  @IsIn(statsFigures)
  figure!: StatsFigure;
}

export class StatsQuery {
  @ApiPropertyOptional({ description: "a unit: its whole subtree; none: every unit whose statistics you read" })
  @IsOptional()
  @IsUUID()
  unit?: string;

  @OptionalQueryYear({ description: "the projects' year; none: this year (Beijing time)" })
  year?: number;
}

export class StatsListQuery extends StatsQuery {
  @ApiPropertyOptional({ default: 'total', description: "the line's key as the figure gives it (a kind, a severity, a unit's or a campaign's id), or total" })
  @IsOptional()
  @MaxLength(64)
  @Matches(/^[a-z0-9_-]+$/i)
  row?: string;

  @ApiPropertyOptional({ example: 'closed', description: "the column's key as the figure gives it; none: every row of the line" })
  @IsOptional()
  @MaxLength(64)
  @Matches(/^[a-z0-9_]+$/i)
  column?: string;

  @OptionalQueryInt(1, 100_000, { default: 1 })
  page?: number;

  @OptionalQueryInt(1, 200, { default: 50 })
  pageSize?: number;
}

export class StatsColumnDto {
  @ApiProperty({ example: 'closed' }) key!: string;
  @ApiProperty({ example: '已销号' }) label!: string;
  @ApiProperty(maybe({ type: String, enum: ['%', '天'], description: 'a rate in percent or a mean in days; null: a count' })) unit!: string | null;
}

export class StatsLineDto {
  @ApiProperty({ example: 'general', description: 'the key the drill-down names as row; total for the total line' }) key!: string;
  @ApiProperty({ example: '一般' }) label!: string;
  @ApiProperty({ type: 'array', items: { type: 'number', nullable: true }, description: "one per column; null: a rate or mean with nothing to divide" })
  values!: (number | null)[];
}

export class StatsTableDto {
  @ApiProperty({ enum: statsFigures, enumName: 'StatsFigure' }) figure!: StatsFigure;
  @ApiProperty() title!: string;
  @ApiProperty(maybe({ type: String, format: 'uuid', description: 'the unit asked for; null: every unit in scope' })) unitId!: string | null;
  @ApiProperty() unitName!: string;
  @ApiProperty() year!: number;
  @ApiProperty({ description: 'what the lines are (项目类型, 单位 …)' }) rowHeader!: string;
  @ApiProperty({ type: [StatsColumnDto] }) columns!: StatsColumnDto[];
  @ApiProperty({ type: [StatsLineDto] }) rows!: StatsLineDto[];
  @ApiProperty({ type: StatsLineDto, description: 'every line together, counted by the database' }) total!: StatsLineDto;
}

export class StatsListItemDto {
  @ApiProperty({ description: 'the row: a project, a deadline ref, an item, or campaign/unit' }) id!: string;
  @ApiProperty(maybe({ type: String, format: 'uuid' })) projectId!: string | null;
  @ApiProperty(maybe({ type: String })) projectTitle!: string | null;
  @ApiProperty(uuid) unitId!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty() subject!: string;
  @ApiProperty({ example: 'closed' }) state!: string;
  @ApiProperty({ example: '已销号' }) stateLabel!: string;
  @ApiProperty(maybe(when)) dueAt!: Date | null;
  @ApiProperty(maybe({ ...when, description: 'submitted, closed or published' })) doneAt!: Date | null;
}

export class StatsListPageDto {
  @ApiProperty({ type: [StatsListItemDto] }) items!: StatsListItemDto[];
  @ApiProperty({ description: 'rows behind the cell, all pages' }) total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}
