import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { domainErrorCodes, type DomainErrorCode } from '../../../libs/domain/index.js';

/** One field a validation 400 refuses: its path and rule for programs, the sentence for people (http/field-messages.ts). */
export class FieldRefusalDto {
  @ApiProperty({ example: 'goals.0.target', description: 'the field\'s path in the body, query or address' })
  field!: string;

  @ApiProperty({ example: 'maxLength', description: 'the rule it breaks (the class-validator constraint name)' })
  code!: string;

  @ApiProperty({ example: '年度目标第 1 项的考核指标不能超过 100 个字符', description: 'what is wrong, in Chinese, naming the field' })
  message!: string;
}

/**
 * Every refusal's body (error.filter.ts): a validation 400 has no code, a list of field messages
 * (`title: 项目名称不能超过 200 个字符`) and the same as data in `fields`; a refusal has
 * its domain code, which the console turns into words of its own. Declared so the generated client knows the codes.
 */
export class ErrorResponseDto {
  @ApiProperty({ example: 409 })
  statusCode!: number;

  @ApiPropertyOptional({ enum: domainErrorCodes, enumName: 'ErrorCode', description: 'absent on a validation 400, an outage 503 and a 401' })
  code?: DomainErrorCode;

  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }], description: 'the reason; for a 400 one message per field' })
  message!: string | string[];

  @ApiPropertyOptional({ type: [FieldRefusalDto], description: 'on a validation 400: each refused field' })
  fields?: FieldRefusalDto[];
}
