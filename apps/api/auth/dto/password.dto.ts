import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { passwordMaxLength, passwordMinLength } from '../../../../libs/domain/index.js';

const rules = `at least ${passwordMinLength} characters of at least two kinds (lower case, upper case, digits, other); the rules are checked with a Chinese message`;

export class ChangePasswordDto {
  @ApiProperty({ description: 'the password now in use' })
  @IsString()
  @MinLength(1)
  @MaxLength(passwordMaxLength)
  currentPassword!: string;

  @ApiProperty({ example: 'Dangjian-2026', description: `the new password: ${rules}, and not the current one` })
  @IsString()
  @MaxLength(passwordMaxLength)
  newPassword!: string;
}

export class ResetPasswordDto {
  @ApiProperty({ example: 'Linshi-2026', description: `a temporary password the person must change at their next login: ${rules}` })
  @IsString()
  @MaxLength(passwordMaxLength)
  temporaryPassword!: string;
}
