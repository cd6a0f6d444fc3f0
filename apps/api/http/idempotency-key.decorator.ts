import { randomUUID } from 'node:crypto';
import { BadRequestException, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import type { Request } from 'express';

const maxLength = 200;

/**
 * The request's `Idempotency-Key` becomes the Temporal update id, so a retried request returns the first answer
 * instead of acting twice. Without the header every request is new (a fresh random id).
 */
export const IdempotencyKey = createParamDecorator((_: unknown, ctx: ExecutionContext): string => {
  const value = ctx.switchToHttp().getRequest<Request>().header('idempotency-key');
  if (value === undefined || value === '') return randomUUID();
  if (value.length > maxLength) {
    throw new BadRequestException({ statusCode: 400, message: [`Idempotency-Key must be at most ${maxLength} characters`] });
  }
  return value;
});

/** Documents the header on every route that sends a workflow update. */
export const IdempotencyKeyHeader = () =>
  ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: `up to ${maxLength} characters; retrying with the same key returns the first answer and never acts twice`,
  });
