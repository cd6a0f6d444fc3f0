import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/**
 * An optional whole number from the query string, within bounds. Query values are text: without an upper bound
 * `1e20` or `99999999999` is a valid integer that overflows the database's int and answers 500.
 */
export const OptionalQueryInt = (min: number, max: number, doc: { description?: string; example?: number; default?: number } = {}) =>
  applyDecorators(ApiPropertyOptional({ type: 'integer', minimum: min, maximum: max, ...doc }), IsOptional(), Type(() => Number), IsInt(), Min(min), Max(max));

/** Project years Tandem plans for (the same bounds as `PUT /policies/{year}` and a project's `year`). */
export const yearBounds = { min: 2000, max: 2100 } as const;

export const OptionalQueryYear = (doc: { description?: string; example?: number } = {}) => OptionalQueryInt(yearBounds.min, yearBounds.max, { example: 2026, ...doc });
