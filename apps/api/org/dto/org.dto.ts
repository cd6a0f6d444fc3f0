import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { orgUnitKinds, roles, type OrgUnitKind, type Role } from '../../../../libs/domain/index.js';

export class CreateOrgUnitDto {
  @ApiProperty({ example: '一车间党支部' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name!: string;

  @ApiProperty({ enum: orgUnitKinds, description: 'committee 党委 / general_branch 党总支 / branch 党支部' })
  @IsIn(orgUnitKinds)
  kind!: OrgUnitKind;

  @ApiPropertyOptional({ description: 'the unit above; omit for the top committee' })
  @IsOptional()
  @IsUUID()
  parentId?: string;

  @ApiPropertyOptional({ example: '生产', description: "a label of the unit's own (e.g. 生产 / 经营 / 机关) that reporting campaigns can target" })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(50)
  category?: string;
}

export class CreatePersonDto {
  @ApiProperty({ example: '陈晓峰' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name!: string;

  @ApiProperty({ example: 'chen@example.com', description: 'unique, whatever its case; notices are mailed here' })
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiPropertyOptional({ description: 'initial password (at least 8 characters), to be changed at first login before anything else; without one the person cannot log in' })
  @IsOptional()
  @IsString()
  @MinLength(8)
  @MaxLength(200)
  password?: string;
}

export class CreateRoleAssignmentDto {
  @ApiProperty()
  @IsUUID()
  personId!: string;

  @ApiPropertyOptional({ description: 'the unit; omit for an organisation-wide auditor, and always for admin' })
  @IsOptional()
  @IsUUID()
  orgUnitId?: string;

  @ApiProperty({ enum: roles, description: 'secretary 书记 / member 委员 / staff 党务工作者 / auditor 纪检审计 / admin 管理员' })
  @IsIn(roles)
  role!: Role;

  @ApiPropertyOptional({ example: '2026-01-01', description: 'first day of the term (Beijing time); default today' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  startsOn?: string;

  @ApiPropertyOptional({ example: '2028-12-31', description: 'last day of the term (Beijing time); default open-ended' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  endsOn?: string;
}
