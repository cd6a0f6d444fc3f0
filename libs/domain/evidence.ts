/** Files attached to rectification evidence (整改佐证材料): kept in Postgres beside the record they prove. */
export const evidenceFileLimits = { maxFiles: 5, maxBytes: 5 * 1024 * 1024 } as const;

const startsWith = (bytes: Uint8Array, prefix: readonly number[]): boolean => prefix.every((b, i) => bytes[i] === b);
const zip = [0x50, 0x4b, 0x03, 0x04];
const isUtf8Text = (bytes: Uint8Array): boolean => {
  if (bytes.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
};

/**
 * The types evidence comes in, each with the bytes it must start with: the type a browser declares is only what the
 * file's name suggests, so a renamed executable does not pass as a PDF.
 */
export const evidenceContentTypes: Record<string, (bytes: Uint8Array) => boolean> = {
  'application/pdf': (b) => startsWith(b, [0x25, 0x50, 0x44, 0x46, 0x2d]),
  'image/jpeg': (b) => startsWith(b, [0xff, 0xd8, 0xff]),
  'image/png': (b) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': (b) => startsWith(b, zip),
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': (b) => startsWith(b, zip),
  'text/plain': isUtf8Text,
};

/** A file the API has stored for evidence; the workflow records which evidence it belongs to. */
export interface EvidenceFileRef {
  id: string;
  name: string;
  contentType: string;
  size: number;
  sha256: string;
}

export interface EvidenceFileCandidate {
  name: string;
  contentType: string;
  bytes: Uint8Array;
}

/** Every problem with an upload, each naming the file, so nothing is stored until all of them are right. */
export function evidenceFileErrors(files: readonly EvidenceFileCandidate[]): string[] {
  const { maxFiles, maxBytes } = evidenceFileLimits;
  if (files.length > maxFiles) return [`at most ${maxFiles} files can be attached to one piece of evidence`];
  return files.flatMap((f, i) => {
    const at = `files[${i}] (${f.name})`;
    const sniff = evidenceContentTypes[f.contentType];
    const errors: string[] = [];
    if (f.bytes.length === 0) errors.push(`${at} is empty`);
    if (f.bytes.length > maxBytes) errors.push(`${at} is larger than ${maxBytes / 1024 / 1024} MB`);
    if (!sniff) errors.push(`${at} is ${f.contentType || 'of no declared type'}; evidence is PDF, JPEG, PNG, Word (.docx), Excel (.xlsx) or plain text`);
    else if (f.bytes.length > 0 && !sniff(f.bytes)) errors.push(`${at} does not look like ${f.contentType}`);
    return errors;
  });
}
