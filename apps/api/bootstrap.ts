import 'reflect-metadata';
import { ValidationPipe, type INestApplication } from '@nestjs/common';
import { NestFactory, Reflector } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import type { Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import type { Config } from '../../libs/config/index.js';
import { assertAppRole } from '../../libs/db/app-role.js';
import { createDataSource } from '../../libs/db/data-source.js';
import { createLogger, type Logger } from '../../libs/observability/logger.js';
import { connectClient } from '../../libs/temporal/client.js';
import { AppModule } from './app.module.js';
import { AuthService } from './auth/auth.service.js';
import { ContentTypeInterceptor } from './http/content-type.interceptor.js';
import { ControlCharactersPipe } from './http/control-characters.pipe.js';
import { nestLogger } from './http/nest-logger.js';
import { metricsPath, requestObservers } from './http/observability.js';
import { securityHeaders } from './http/security-headers.js';
import { validationRefusal } from './http/validation-refusal.js';
import { apiPrefix, docsPath, openApiDocument } from './openapi.js';

/**
 * Builds the API: one data source, one Temporal client, strict validation, the error filter (in AppModule), every
 * route under /api with OpenAPI at /api/docs. Starts no workflow and does not listen: main listens, e2e tests drive it in-process. Whatever was opened
 * is closed again if building fails half-way, so a failed start leaves no pool or connection behind.
 */
export async function createApp(config: Config, logger: Logger = createLogger(config.log, 'api')): Promise<INestApplication> {
  let ds: DataSource | undefined;
  let client: Client | undefined;
  let app: INestApplication | undefined;
  try {
    ds = await createDataSource(config.databaseUrl, {
      applicationName: 'tandem-api',
      connectTimeoutMs: config.deadlines.databaseConnectMs,
      queryTimeoutMs: config.deadlines.databaseQueryMs,
    }).initialize();
    await assertAppRole(ds);
    // Lazily: the API serves (reads, health, 503 for commands) while Temporal is down, and commands work once it is up.
    client = await connectClient(config.temporal, config.deadlines.temporalMs, { lazy: true });
    // abortOnError false: a failed start throws to the caller instead of killing the process.
    app = await NestFactory.create(AppModule.forRoot(config, ds, client), { logger: nestLogger(logger), abortOnError: false });
    // First of all middleware, so every answer carries the headers, refusals and /docs included.
    app.use(securityHeaders());
    // Then the request's id, log line and metrics, so every answer is counted; /metrics sits outside /api, served
    // before the console's routes could take the path.
    const observers = requestObservers(logger, config.metrics.token);
    app.use(observers.observe);
    app.use(metricsPath, observers.serveMetrics);
    // The client address the login limits count: the socket's, or (TRUST_PROXY) the one the named proxies forwarded.
    (app as NestExpressApplication).set('trust proxy', config.api.trustProxy);
    app.setGlobalPrefix(apiPrefix);
    app.useGlobalInterceptors(new ContentTypeInterceptor(app.get(Reflector)));
    app.useGlobalPipes(
      // First: a string no field may hold is refused by name before validation or any handler reads it.
      new ControlCharactersPipe(),
      new ValidationPipe({
        whitelist: true,
        forbidNonWhitelisted: true,
        transform: true,
        // Every field's problem in one answer, each message naming its field, rather than one round trip per mistake.
        stopAtFirstError: false,
        // Chinese words for each field (http/field-messages.ts); the target tells each field's DTO and rule arguments.
        validationError: { target: true, value: false },
        exceptionFactory: validationRefusal,
      }),
    );
    // SIGTERM/SIGINT run the modules' shutdown hooks: the server stops, then the Temporal connection and the pool close.
    app.enableShutdownHooks();
    SwaggerModule.setup(docsPath, app, () => openApiDocument(app as INestApplication));
    await app.get(AuthService).ensureAdmin();
    return app;
  } catch (error) {
    if (app) await app.close().catch(() => undefined);
    else {
      await client?.connection.close().catch(() => undefined);
      if (ds?.isInitialized) await ds.destroy().catch(() => undefined);
    }
    throw error;
  }
}
