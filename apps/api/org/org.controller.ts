import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { OrgUnitResponseDto, RoleAssignmentResponseDto } from '../org-admin/dto/upkeep.dto.js';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { PersonResponseDto } from '../auth/dto/auth-response.dto.js';
import { IdParam } from '../http/id-param.dto.js';
import { CreateOrgUnitDto, CreatePersonDto, CreateRoleAssignmentDto } from './dto/org.dto.js';
import { OrgService } from './org.service.js';

@ApiTags('org')
@ApiBearerAuth()
@Controller()
export class OrgController {
  constructor(private readonly org: OrgService) {}

  @Get('org-units')
  @ApiOkResponse({ type: [OrgUnitResponseDto] })
  @ApiOperation({ summary: 'Org units (党组织) visible to me: the units I hold a role in and everything below them' })
  listUnits(@CurrentUser() personId: string) {
    return this.org.listUnits(personId);
  }

  @Get('org-units/:id')
  @ApiOkResponse({ type: OrgUnitResponseDto })
  @ApiOperation({ summary: 'One org unit (党组织), with its kind and parent' })
  getUnit(@CurrentUser() personId: string, @Param() { id }: IdParam) {
    return this.org.getUnit(personId, id);
  }

  @Post('org-units')
  @ApiCreatedResponse({ type: OrgUnitResponseDto })
  @ApiOperation({ summary: 'Create an org unit (新建党组织): committee 党委, general branch 党总支 or branch 党支部 (admin)' })
  createUnit(@CurrentUser() personId: string, @Body() dto: CreateOrgUnitDto) {
    return this.org.createUnit(personId, dto);
  }

  @Get('people')
  @ApiOkResponse({ type: [PersonResponseDto] })
  @ApiOperation({ summary: 'People (人员) holding a role in a unit visible to me; admins see everyone' })
  listPeople(@CurrentUser() personId: string) {
    return this.org.listPeople(personId);
  }

  @Post('people')
  @ApiCreatedResponse({ type: PersonResponseDto })
  @ApiOperation({ summary: 'Create a person (新建人员) with the e-mail notices go to, and optionally an initial password they must change at first login (admin)' })
  createPerson(@CurrentUser() personId: string, @Body() dto: CreatePersonDto) {
    return this.org.createPerson(personId, dto);
  }

  @Post('role-assignments')
  @ApiCreatedResponse({ type: RoleAssignmentResponseDto })
  @ApiOperation({ summary: 'Give a person a role (任职) in a unit: secretary 书记, member 委员, staff 党务工作者, auditor 纪检审计, admin (admin)' })
  assignRole(@CurrentUser() personId: string, @Body() dto: CreateRoleAssignmentDto) {
    return this.org.assignRole(personId, dto);
  }
}
