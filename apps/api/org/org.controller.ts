import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { IdParam } from '../http/id-param.dto.js';
import { CreateOrgUnitDto, CreatePersonDto, CreateRoleAssignmentDto } from './dto/org.dto.js';
import { OrgUnitResponseDto, PersonResponseDto } from './dto/org-response.dto.js';
import { OrgService } from './org.service.js';

@ApiTags('org')
@ApiBearerAuth()
@Controller()
export class OrgController {
  constructor(private readonly org: OrgService) {}

  @Get('org-units')
  @ApiOperation({ summary: 'Org units (党组织) visible to me: the units I hold a role in and everything below them' })
  @ApiOkResponse({ type: [OrgUnitResponseDto] })
  listUnits(@CurrentUser() personId: string) {
    return this.org.listUnits(personId);
  }

  @Get('org-units/:id')
  @ApiOperation({ summary: 'One org unit (党组织), with its kind and parent' })
  getUnit(@CurrentUser() personId: string, @Param() { id }: IdParam) {
    return this.org.getUnit(personId, id);
  }

  @Post('org-units')
  @ApiOperation({ summary: 'Create an org unit (新建党组织): committee 党委, general branch 党总支 or branch 党支部 (admin)' })
  createUnit(@CurrentUser() personId: string, @Body() dto: CreateOrgUnitDto) {
    return this.org.createUnit(personId, dto);
  }

  @Get('people')
  @ApiOperation({ summary: 'People (人员) holding a role in a unit visible to me; admins see everyone' })
  @ApiOkResponse({ type: [PersonResponseDto] })
  listPeople(@CurrentUser() personId: string) {
    return this.org.listPeople(personId);
  }

  @Post('people')
  @ApiOperation({ summary: 'Create a person (新建人员) with the e-mail notices go to, and optionally a password (admin)' })
  createPerson(@CurrentUser() personId: string, @Body() dto: CreatePersonDto) {
    return this.org.createPerson(personId, dto);
  }

  @Post('role-assignments')
  @ApiOperation({ summary: 'Give a person a role (任职) in a unit: secretary 书记, member 委员, staff 党务工作者, auditor 纪检审计, admin (admin)' })
  assignRole(@CurrentUser() personId: string, @Body() dto: CreateRoleAssignmentDto) {
    return this.org.assignRole(personId, dto);
  }
}
