import { evidenceFileErrors, evidenceFileLimits, type EvidenceFileCandidate } from '../../libs/domain/index.js';

describe('evidence files (佐证材料)', () => {
  const file = (contentType: string, bytes: number[] | Uint8Array, name = 'f'): EvidenceFileCandidate => ({ name, contentType, bytes: Uint8Array.from(bytes) });
  const ascii = (text: string) => [...Buffer.from(text)];

  it.each<[string, EvidenceFileCandidate]>([
    ['a PDF', file('application/pdf', ascii('%PDF-1.7 …'))],
    ['a JPEG', file('image/jpeg', [0xff, 0xd8, 0xff, 0xe0, 1, 2])],
    ['a PNG', file('image/png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0])],
    ['a Word document', file('application/vnd.openxmlformats-officedocument.wordprocessingml.document', [0x50, 0x4b, 0x03, 0x04, 9])],
    ['an Excel workbook', file('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', [0x50, 0x4b, 0x03, 0x04, 9])],
    ['Chinese plain text', file('text/plain', ascii('整改说明：已完成'))],
  ])('takes %s', (_, candidate) => {
    expect(evidenceFileErrors([candidate])).toEqual([]);
  });

  it.each<[string, EvidenceFileCandidate, string]>([
    ['an executable declared as a PDF', file('application/pdf', ascii('MZ\u0090'), 'a.pdf'), 'files[0] (a.pdf) does not look like application/pdf'],
    ['a type evidence does not come in', file('application/zip', [0x50, 0x4b, 3, 4], 'a.zip'), 'files[0] (a.zip) is application/zip; evidence is PDF, JPEG, PNG, Word (.docx), Excel (.xlsx) or plain text'],
    ['text that is not UTF-8', file('text/plain', [0xc3, 0x28], 'a.txt'), 'files[0] (a.txt) does not look like text/plain'],
    ['text with a NUL byte', file('text/plain', [0x61, 0, 0x62], 'a.txt'), 'files[0] (a.txt) does not look like text/plain'],
    ['an empty file', file('application/pdf', [], 'a.pdf'), 'files[0] (a.pdf) is empty'],
    ['a file over the limit', file('application/pdf', new Uint8Array(evidenceFileLimits.maxBytes + 1).fill(0x25, 0, 1).fill(0x50, 1, 2).fill(0x44, 2, 3).fill(0x46, 3, 4).fill(0x2d, 4, 5), 'big.pdf'), 'files[0] (big.pdf) is larger than 5 MB'],
  ])('refuses %s, naming the file', (_, candidate, message) => {
    expect(evidenceFileErrors([candidate])).toEqual([message]);
  });

  it('takes at most five files and names every bad one', () => {
    const pdf = file('application/pdf', ascii('%PDF-1.4'));
    expect(evidenceFileErrors(Array.from({ length: 6 }, () => pdf))).toEqual(['at most 5 files can be attached to one piece of evidence']);
    expect(evidenceFileErrors([pdf, file('image/png', [1], 'x.png'), file('image/gif', [1], 'y.gif')])).toEqual([
      'files[1] (x.png) does not look like image/png',
      'files[2] (y.gif) is image/gif; evidence is PDF, JPEG, PNG, Word (.docx), Excel (.xlsx) or plain text',
    ]);
  });
});
