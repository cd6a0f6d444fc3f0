import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import type { Config } from '../../../libs/config/index.js';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { JwtGuard } from './jwt.guard.js';
import { LoginRateGuard } from './login-rate.guard.js';
import { LoginThrottle } from './login-throttle.service.js';

/** Login (throttled), /me, the admin account from config, and the global guard that makes every route need a token. */
@Module({})
export class AuthModule {
  static forRoot(config: Config): DynamicModule {
    return {
      module: AuthModule,
      imports: [
        JwtModule.register({
          secret: config.api.jwtSecret,
          // Seconds, checked at start: a string here would be read by jsonwebtoken only at the first login.
          signOptions: { algorithm: 'HS256', expiresIn: config.api.jwtTtlSeconds },
          verifyOptions: { algorithms: ['HS256'] },
        }),
      ],
      controllers: [AuthController],
      providers: [AuthService, LoginThrottle, LoginRateGuard, { provide: APP_GUARD, useClass: JwtGuard }],
      exports: [AuthService],
    };
  }
}
