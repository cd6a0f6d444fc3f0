import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { domainErrorCodes, type DomainErrorCode } from '../../../libs/domain/index.js';

/**
 * Every refusal's body (error.filter.ts): a validation 400 has no code and a list of field messages; a refusal has
 * its domain code, which the console turns into words of its own. Declared so the generated client knows the codes.
 */
export class ErrorResponseDto {
  @ApiProperty({ example: 409 })
  statusCode!: number;

  @ApiPropertyOptional({ enum: domainErrorCodes, enumName: 'ErrorCode', description: 'absent on a validation 400, an outage 503 and a 401' })
  code?: DomainErrorCode;

  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }], description: 'the reason; for a 400 one message per field' })
  message!: string | string[];
}
