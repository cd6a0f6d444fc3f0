import { createHash } from 'node:crypto';
import { In, IsNull, type EntityManager } from 'typeorm';
import { EvidenceFileEntity } from '../../../libs/db/entities/index.js';
import { namedUuid } from '../../../libs/db/repositories/named-uuid.js';
import type { EvidenceFileRef } from '../../../libs/domain/index.js';

/** The part of a multer file the API reads (memory storage). */
export interface UploadedEvidenceFile {
  originalname: string;
  mimetype: string;
  size: number;
  buffer: Buffer;
}

/**
 * Writes checked files unattached, each named by the request's Idempotency-Key and its place in the upload, so a
 * retried request writes nothing twice; the workflow attaches them when it records the evidence.
 */
export async function stageEvidenceFiles(m: EntityManager, input: { itemId: string; uploadedBy: string; key: string; files: UploadedEvidenceFile[] }): Promise<EvidenceFileRef[]> {
  const refs = input.files.map((f, i) => ({
    id: namedUuid(`evidence-file/${input.itemId}/${input.uploadedBy}/${input.key}/${i}`),
    name: f.originalname,
    contentType: f.mimetype,
    size: f.buffer.length,
    sha256: createHash('sha256').update(f.buffer).digest('hex'),
  }));
  if (refs.length === 0) return refs;
  await m
    .createQueryBuilder()
    .insert()
    .into(EvidenceFileEntity)
    .values(refs.map((r, i) => ({ ...r, itemId: input.itemId, evidenceId: null, data: input.files[i].buffer, uploadedBy: input.uploadedBy })))
    .orIgnore()
    .execute();
  return refs;
}

/** Files of a refused submission: nothing of it stays. Attached files (a retry of an accepted request) are kept. */
export async function dropStagedFiles(m: EntityManager, refs: EvidenceFileRef[]): Promise<void> {
  if (refs.length > 0) await m.delete(EvidenceFileEntity, { id: In(refs.map((r) => r.id)), evidenceId: IsNull() });
}
