import { ApiProperty } from '@nestjs/swagger';
import { orgUnitKinds, type OrgUnitKind } from '../../../../libs/domain/index.js';
import { maybe, uuid } from '../../http/schema-options.js';
import type { OrgUnitResponse, PersonResponse } from '../org.mappers.js';

/** The answers of the org routes, as OpenAPI schemas for the generated console client. */
export class PersonResponseDto implements PersonResponse {
  @ApiProperty(uuid) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() email!: string;
}

export class OrgUnitResponseDto implements OrgUnitResponse {
  @ApiProperty(uuid) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: orgUnitKinds, enumName: 'OrgUnitKind', description: 'committee 党委 / general_branch 党总支 / branch 党支部' }) kind!: OrgUnitKind;
  @ApiProperty(maybe({ type: String, format: 'uuid' })) parentId!: string | null;
  @ApiProperty(maybe({ type: String })) category!: string | null;
}
