import { ApiProperty } from '@nestjs/swagger';
import type { ReadinessResponse } from '../health.service.js';

const checks = ['ok', 'down'];

export class HealthLiveResponseDto {
  @ApiProperty({ enum: ['ok'] }) status!: 'ok';
}

/** The same body answers 200 (ready) and 503 (naming the dependency that is down). */
export class HealthReadinessResponseDto implements ReadinessResponse {
  @ApiProperty({ enum: ['ok', 'unavailable'] }) status!: ReadinessResponse['status'];
  @ApiProperty({ enum: checks }) database!: ReadinessResponse['database'];
  @ApiProperty({ enum: checks }) temporal!: ReadinessResponse['temporal'];
}
