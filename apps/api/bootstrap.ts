import 'reflect-metadata';
import { ValidationPipe, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { Config } from '../../libs/config/index.js';
import { createDataSource } from '../../libs/db/data-source.js';
import { connectClient } from '../../libs/temporal/client.js';
import { AppModule } from './app.module.js';
import { AuthService } from './auth/auth.service.js';

/**
 * Builds the API: one data source, one Temporal client, strict validation, OpenAPI at /docs. Starts no
 * workflow; the caller decides whether to listen (main) or drive it in-process (e2e tests).
 */
export async function createApp(config: Config): Promise<INestApplication> {
  const ds = await createDataSource(config.databaseUrl, { applicationName: 'tandem-api' }).initialize();
  const client = await connectClient(config.temporal);
  const app = await NestFactory.create(AppModule.forRoot(config, ds, client), { logger: ['error', 'warn'] });
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      // Every field's problem in one answer, named, rather than one round trip per mistake.
      stopAtFirstError: false,
    }),
  );
  app.enableShutdownHooks();
  const openApi = new DocumentBuilder()
    .setTitle('Tandem')
    .setDescription('党建载体项目: launch approval, quarterly checks, rectification ledger, year-end evaluation')
    .setVersion('0.1.0')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, openApi));
  await app.get(AuthService).ensureAdmin();
  return app;
}
