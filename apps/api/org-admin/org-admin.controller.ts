import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { PersonResponseDto } from '../auth/dto/auth-response.dto.js';
import { IdParam } from '../http/id-param.dto.js';
import {
  MoveOrgUnitDto,
  OrgUnitResponseDto,
  RenameOrgUnitDto,
  RoleTermResponseDto,
  RoleTermsQuery,
  TermChangeDto,
  TermChangeResponseDto,
  UpdatePersonDto,
} from './dto/upkeep.dto.js';
import { OrgUpkeepService } from './org-upkeep.service.js';
import { TermChangeService } from './term-change.service.js';

@ApiTags('org')
@ApiBearerAuth()
@Controller()
export class OrgAdminController {
  constructor(
    private readonly upkeep: OrgUpkeepService,
    private readonly terms: TermChangeService,
  ) {}

  @Post('org-units/:id/rename')
  @HttpCode(200)
  @ApiOkResponse({ type: OrgUnitResponseDto })
  @ApiOperation({ summary: 'Rename an org unit (组织改名) (admin)' })
  rename(@CurrentUser() personId: string, @Param() { id }: IdParam, @Body() dto: RenameOrgUnitDto) {
    return this.upkeep.updateUnit(personId, id, { name: dto.name });
  }

  @Post('org-units/:id/move')
  @HttpCode(200)
  @ApiOkResponse({ type: OrgUnitResponseDto })
  @ApiOperation({ summary: 'Move an org unit below another (调整隶属); never below itself, one of its own or a branch (admin)' })
  move(@CurrentUser() personId: string, @Param() { id }: IdParam, @Body() dto: MoveOrgUnitDto) {
    return this.upkeep.updateUnit(personId, id, { parentId: dto.parentId });
  }

  @Post('org-units/:id/close')
  @HttpCode(200)
  @ApiOkResponse({ type: OrgUnitResponseDto })
  @ApiOperation({ summary: 'Close an org unit (撤销组织) with no open unit below, nobody in post and no project under way; again: no change (admin)' })
  close(@CurrentUser() personId: string, @Param() { id }: IdParam) {
    return this.upkeep.closeUnit(personId, id);
  }

  @Post('org-units/:id/term-change')
  @HttpCode(200)
  @ApiOkResponse({ type: TermChangeResponseDto })
  @ApiOperation({
    summary: "换届: hand a unit's secretary or member post to a successor from a day on; the leaver's open approval steps there move to the successor (转交, audited, the successor told) (admin)",
  })
  termChange(@CurrentUser() personId: string, @Param() { id }: IdParam, @Body() dto: TermChangeDto) {
    return this.terms.changeTerm(personId, id, dto);
  }

  @Put('people/:id')
  @ApiOkResponse({ type: PersonResponseDto })
  @ApiOperation({ summary: 'Correct a person’s name and e-mail (编辑人员) (admin)' })
  updatePerson(@CurrentUser() personId: string, @Param() { id }: IdParam, @Body() dto: UpdatePersonDto) {
    return this.upkeep.updatePerson(personId, id, dto);
  }

  @Get('role-assignments')
  @ApiOkResponse({ type: [RoleTermResponseDto] })
  @ApiOperation({ summary: 'Role terms (任职记录): who held which post where, from when until when, newest first (admin)' })
  roleTerms(@CurrentUser() personId: string, @Query() { current }: RoleTermsQuery) {
    return this.upkeep.listRoleTerms(personId, current === 'true');
  }
}
