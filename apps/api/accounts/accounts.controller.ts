import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { ResetPasswordDto } from '../auth/dto/password.dto.js';
import { IdParam } from '../http/id-param.dto.js';
import { AccountsService } from './accounts.service.js';
import { AccountResponseDto, DeactivationResponseDto } from './dto/account-response.dto.js';
import { RoleAssignmentResponseDto } from '../org-admin/dto/upkeep.dto.js';

@ApiTags('org')
@ApiBearerAuth()
@Controller()
export class AccountsController {
  constructor(private readonly accounts: AccountsService) {}

  @Post('people/:id/password-reset')
  @HttpCode(200)
  @ApiOkResponse({ type: AccountResponseDto })
  @ApiOperation({ summary: 'Reset a password (重置密码) to a temporary one the person must change at next login; ends their sessions (admin)' })
  resetPassword(@CurrentUser() personId: string, @Param() { id }: IdParam, @Body() dto: ResetPasswordDto) {
    return this.accounts.resetPassword(personId, id, dto.temporaryPassword);
  }

  @Post('people/:id/deactivate')
  @HttpCode(200)
  @ApiOkResponse({ type: DeactivationResponseDto })
  @ApiOperation({
    summary: 'Deactivate a person (停用人员): no login, sessions and roles ended, open approval steps (转交) and drafts handed to the unit secretary, other open work listed with why; again: retries what is still open (admin)',
  })
  deactivate(@CurrentUser() personId: string, @Param() { id }: IdParam) {
    return this.accounts.deactivate(personId, id);
  }

  @Post('role-assignments/:id/end')
  @HttpCode(200)
  @ApiOkResponse({ type: RoleAssignmentResponseDto })
  @ApiOperation({ summary: 'End a role assignment (免职): the grant ends and the holder’s sessions with it (admin)' })
  endRoleAssignment(@CurrentUser() personId: string, @Param() { id }: IdParam) {
    return this.accounts.endRoleAssignment(personId, id);
  }
}
