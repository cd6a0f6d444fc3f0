import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthService } from './auth.service.js';
import { CurrentUser } from './current-user.decorator.js';
import { LoginDto } from './dto/login.dto.js';
import { ChangePasswordDto } from './dto/password.dto.js';
import { AllowedBeforePasswordChange, Public } from './public.decorator.js';

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('auth/login')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Log in (登录) with e-mail and password; answers a bearer token and who I am. With mustChangePassword the token allows only GET /me and POST /me/password (修改密码) until the password is changed',
  })
  login(@Body() dto: LoginDto) {
    return this.auth.login(dto.email, dto.password);
  }

  @Get('me')
  @ApiBearerAuth()
  @AllowedBeforePasswordChange()
  @ApiOperation({ summary: 'Me (我的信息): the logged-in person and their roles (角色) per unit' })
  me(@CurrentUser() personId: string) {
    return this.auth.me(personId);
  }

  @Post('me/password')
  @HttpCode(200)
  @ApiBearerAuth()
  @AllowedBeforePasswordChange()
  @ApiOperation({ summary: 'Change my password (修改密码): ends my other sessions and answers a fresh token' })
  changePassword(@CurrentUser() personId: string, @Body() dto: ChangePasswordDto) {
    return this.auth.changePassword(personId, dto.currentPassword, dto.newPassword);
  }
}
