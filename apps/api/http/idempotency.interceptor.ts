import { createHash } from 'node:crypto';
import { ConflictException, Injectable, UnprocessableEntityException, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { catchError, concatMap, from, of, switchMap, type Observable } from 'rxjs';
import { DataSource } from 'typeorm';
import { answerRequest, claimRequest, releaseRequest, type Claim, type RequestFingerprint } from '../../../libs/db/repositories/idempotent-request.repository.js';
import { canonicalJson } from '../../../libs/domain/index.js';
import type { AuthenticatedRequest } from '../auth/jwt.guard.js';
import { idempotencyKeyOf } from './idempotency-key.decorator.js';

type ApiRequest = Request & Partial<AuthenticatedRequest> & { [handled]?: true };
interface UploadedPart {
  fieldname: string;
  buffer: Buffer;
}

const stateChanging = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Set once a request's key is dealt with: upload routes meet this interceptor twice (see below). */
const handled = Symbol('idempotency handled');

/**
 * How long a request waits for a twin under the same key to finish before it is asked to come back. A twin refused
 * by the access check frees the key at once, so an outsider's double-click gets that refusal twice, never a 409
 * answered before their scope was looked at; a twin that acted gives its answer to both.
 */
const twinWaitMs = 2_000;
const twinPollMs = 50;

async function claimAfterTwin(ds: DataSource, personId: string, key: string, fingerprint: RequestFingerprint): Promise<Claim> {
  const until = Date.now() + twinWaitMs;
  for (;;) {
    const claim = await claimRequest(ds, personId, key, fingerprint);
    if (claim.kind !== 'in_progress' || Date.now() >= until) return claim;
    await new Promise((resolve) => setTimeout(resolve, twinPollMs));
  }
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/** The files multer parsed (`files` as a list or by field, or one `file`). */
function uploadedParts(request: Request): UploadedPart[] {
  const { files, file } = request as Request & { files?: UploadedPart[] | Record<string, UploadedPart[]>; file?: UploadedPart };
  const listed = Array.isArray(files) ? files : Object.values(files ?? {}).flat();
  return file ? [...listed, file] : listed;
}

/** Multer has run on this request: only then are a multipart request's fields and files there to hash. */
const uploadParsed = (request: Request) => 'files' in request || 'file' in request;

function fingerprintOf(request: Request): RequestFingerprint {
  const files = uploadedParts(request).map((f) => ({ field: f.fieldname, sha256: sha256(f.buffer) }));
  return {
    method: request.method,
    route: request.originalUrl.split('?')[0],
    bodyHash: sha256(canonicalJson({ body: request.body ?? null, files })),
  };
}

/** Tries again to free a failed request's key, every few seconds for about two minutes. */
async function releaseLater(ds: DataSource, personId: string, key: string): Promise<void> {
  for (let attempt = 0; attempt < 24; attempt++) {
    await new Promise((r) => setTimeout(r, 5_000).unref());
    try {
      await releaseRequest(ds, personId, key);
      return;
    } catch {
      // still unreachable: the next round, or the stale-claim takeover, frees it
    }
  }
}

/**
 * Every state-changing request with an `Idempotency-Key` acts at most once for its sender: the first claims
 * (person, key) with what it is, a retry gets the first answer again (status and body), a retry while the first is
 * still running waits a little for it and is then asked to come back, and another request under the same key is
 * refused (422) instead of being answered with the first one's result. A request that fails frees its key, so its
 * retry runs again; workflow commands still act once then, because their update id is the same person and key.
 * None of these answers depends on the object a request names, only on the sender's own earlier requests, so
 * answering them before the route's access check tells nobody whether the object exists. Login (public) is not keyed.
 *
 * Registered globally, so it runs before a route's own interceptors: an upload route lists it again after its file
 * interceptor, because a multipart body is there to hash only once multer has parsed it.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(private readonly ds: DataSource) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = ctx.switchToHttp().getRequest<ApiRequest>();
    if (!stateChanging.has(request.method) || !request.user || request[handled]) return next.handle();
    const key = idempotencyKeyOf(request);
    if (key === undefined) return next.handle();
    if (request.is('multipart/form-data') && !uploadParsed(request)) return next.handle();
    request[handled] = true;
    const personId = request.user.personId;
    const response = ctx.switchToHttp().getResponse<Response>();
    const fingerprint = fingerprintOf(request);
    return from(claimAfterTwin(this.ds, personId, key, fingerprint)).pipe(
      switchMap((claim) => {
        switch (claim.kind) {
          case 'answered':
            response.status(claim.status).setHeader('Idempotent-Replayed', 'true');
            return of(claim.body);
          case 'in_progress':
            response.setHeader('Retry-After', '1');
            throw new ConflictException({ statusCode: 409, message: 'a request with this Idempotency-Key is still in progress; retry shortly' });
          case 'mismatch': {
            const first = claim.method === fingerprint.method && claim.route === fingerprint.route ? 'with a different body' : `to ${claim.method} ${claim.route}`;
            throw new UnprocessableEntityException({
              statusCode: 422,
              message: `this Idempotency-Key was already used for another request (${first}); send a new key for a new request`,
            });
          }
          case 'claimed':
            return next.handle().pipe(
              concatMap(async (body: unknown) => {
                await answerRequest(this.ds, personId, key, response.statusCode, body);
                return body;
              }),
              catchError(async (error: unknown) => {
                // Should the database be unreachable too, the key is freed once it answers again (in the background:
                // the caller has its answer), so a retry is not told "still in progress" until the claim goes stale.
                await releaseRequest(this.ds, personId, key).catch(() => void releaseLater(this.ds, personId, key));
                throw error;
              }),
            );
        }
      }),
    );
  }
}
