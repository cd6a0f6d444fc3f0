import { ApiProperty } from '@nestjs/swagger';
import { roles, type Role } from '../../../../libs/domain/index.js';
import type { GrantResponse, PersonResponse } from '../../org/org.mappers.js';
import type { LoginResponse, MeResponse } from '../auth.service.js';

export class PersonResponseDto implements PersonResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() email!: string;
}

export class GrantResponseDto implements GrantResponse {
  @ApiProperty({ enum: roles, enumName: 'Role' }) role!: Role;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'null: organisation-wide (admins, auditors)' }) orgUnitId!: string | null;
  @ApiProperty({ type: String, nullable: true }) orgUnitName!: string | null;
}

export class LoginResponseDto implements LoginResponse {
  @ApiProperty({ description: 'send as `Authorization: Bearer <token>`' }) accessToken!: string;
  @ApiProperty({ type: PersonResponseDto }) person!: PersonResponseDto;
  @ApiProperty({ description: 'true: the token allows only GET /me and POST /me/password until the password is changed' }) mustChangePassword!: boolean;
}

export class MeResponseDto extends PersonResponseDto implements MeResponse {
  @ApiProperty({ type: [GrantResponseDto] }) roles!: GrantResponseDto[];
  @ApiProperty({ description: 'true: the password must be changed (POST /me/password) before anything else' }) mustChangePassword!: boolean;
}
