import { Body, Controller, Get, HttpCode, Ip, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { AuthService } from './auth.service.js';
import { CurrentUser } from './current-user.decorator.js';
import { LoginResponseDto, MeResponseDto } from './dto/auth-response.dto.js';
import { LoginDto } from './dto/login.dto.js';
import { LoginRateGuard } from './login-rate.guard.js';
import { ChangePasswordDto } from './dto/password.dto.js';
import { AllowedBeforePasswordChange, Public } from './public.decorator.js';

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('auth/login')
  @HttpCode(200)
  @UseGuards(LoginRateGuard)
  @ApiOperation({
    summary:
      'Log in (登录) with e-mail and password; answers a bearer token and who I am. With mustChangePassword the token allows only GET /me and POST /me/password (修改密码) until the password is changed',
  })
  @ApiTooManyRequestsResponse({ description: '登录过于频繁或账号已暂时锁定: too many attempts from this address or at this account, or repeated failures locked it; wait Retry-After seconds' })
  @ApiOkResponse({ type: LoginResponseDto })
  login(@Body() dto: LoginDto, @Ip() address: string): Promise<LoginResponseDto> {
    return this.auth.login(dto.email, dto.password, address);
  }

  @Get('me')
  @ApiBearerAuth()
  @AllowedBeforePasswordChange()
  @ApiOperation({ summary: 'Me (我的信息): the logged-in person and their roles (角色) per unit' })
  @ApiOkResponse({ type: MeResponseDto })
  me(@CurrentUser() personId: string): Promise<MeResponseDto> {
    return this.auth.me(personId);
  }

  @Post('me/password')
  @HttpCode(200)
  @ApiBearerAuth()
  @AllowedBeforePasswordChange()
  @ApiOperation({ summary: 'Change my password (修改密码): ends my other sessions and answers a fresh token' })
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiTooManyRequestsResponse({ description: '尝试过于频繁，账号已暂时锁定: repeated wrong current passwords lock the account as failed logins do; wait Retry-After seconds' })
  changePassword(@CurrentUser() personId: string, @Body() dto: ChangePasswordDto, @Ip() address: string): Promise<LoginResponseDto> {
    return this.auth.changePassword(personId, dto.currentPassword, dto.newPassword, address);
  }
}
