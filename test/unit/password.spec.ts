import { randomBytes, scryptSync } from 'node:crypto';
import { configuredCost, hashPassword, needsRehash, parseHash, verifyPassword } from '../../apps/api/auth/password.js';
import { loadConfig } from '../../libs/config/index.js';
import { handOverCandidates, passwordProblems, type OrgUnitNode } from '../../libs/domain/index.js';

/** A hash as Tandem wrote them before they recorded their cost: `scrypt$salt$hash` with node's default cost. */
const legacyHash = (password: string) => {
  const salt = randomBytes(16);
  return `scrypt$${salt.toString('base64')}$${scryptSync(password, salt, 64).toString('base64')}`;
};

/** Production's cost, as config gives it when PASSWORD_SCRYPT_N is not set (the test stacks set a cheaper one). */
const productionCost = configuredCost(loadConfig({ DATABASE_URL: 'postgres://x@127.0.0.1/x', JWT_SECRET: 'k'.repeat(32), NODE_ENV: 'production', ADMIN_PASSWORD: 'a-strong-one-1' }));

describe('password hashes', () => {
  it('record their algorithm and cost parameters, so the cost can be raised later', async () => {
    expect(productionCost).toEqual({ N: 2 ** 15, r: 8, p: 1 });
    const hash = await hashPassword('Dangjian-2026', productionCost);
    expect(hash).toMatch(/^scrypt\$N=32768,r=8,p=1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{88}$/);
    expect(parseHash(hash)?.cost).toEqual(productionCost);
    expect(await verifyPassword('Dangjian-2026', hash, productionCost)).toBe(true);
    expect(await verifyPassword('Dangjian-2027', hash, productionCost)).toBe(false);
    expect(needsRehash(hash, productionCost)).toBe(false);
  }, 30_000);

  it('verify at the cost a hash names, and ask for hashes at another cost to be made again', async () => {
    const salt = randomBytes(16);
    const cheaper = `scrypt$N=1024,r=8,p=1$${salt.toString('base64')}$${scryptSync('Dangjian-2026', salt, 64, { N: 1024, r: 8, p: 1 }).toString('base64')}`;
    expect(await verifyPassword('Dangjian-2026', cheaper, productionCost)).toBe(true);
    expect(await verifyPassword('dangjian-2026', cheaper, productionCost)).toBe(false);
    expect(needsRehash(cheaper, productionCost)).toBe(true);
    expect(needsRehash(cheaper, { N: 1024, r: 8, p: 1 })).toBe(false);
  });

  it('still verify hashes in the older format, which are made again at the next login', async () => {
    const old = legacyHash('demo1234');
    expect(await verifyPassword('demo1234', old, productionCost)).toBe(true);
    expect(await verifyPassword('demo12345', old, productionCost)).toBe(false);
    expect(needsRehash(old, productionCost)).toBe(true);
  });

  // Hashes at production cost, on a machine whose other test lanes keep both cores busy: more than jest's 5 s default.
  it('match nothing for a missing, foreign or absurd hash (a cost that would exhaust memory is not attempted)', async () => {
    const real = await hashPassword('Dangjian-2026', productionCost);
    const [, , salt, key] = real.split('$');
    for (const stored of [null, undefined, '', 'bcrypt$2b$10$abc', `scrypt$N=1099511627776,r=8,p=1$${salt}$${key}`, `scrypt$N=1000,r=8,p=1$${salt}$${key}`, `scrypt$x$${salt}$${key}`]) {
      expect([stored, await verifyPassword('Dangjian-2026', stored, productionCost)]).toEqual([stored, false]);
      expect(needsRehash(stored, productionCost)).toBe(false);
    }
  }, 30_000);
});

describe('password rules', () => {
  it('accept ten characters of two kinds or more', () => {
    for (const ok of ['Dangjian2026', 'tandem-admin', '党建载体项目2026年度', 'ABCDEFGHI1']) expect([ok, passwordProblems(ok)]).toEqual([ok, []]);
  });

  it('name, in Chinese, each rule a password breaks', () => {
    expect(passwordProblems('short1')).toEqual(['密码至少需要 10 个字符']);
    expect(passwordProblems('abcdefghijkl')).toEqual(['密码需包含以下至少两类字符：小写字母、大写字母、数字、其他符号']);
    expect(passwordProblems('1234567')).toEqual(['密码至少需要 10 个字符', '密码需包含以下至少两类字符：小写字母、大写字母、数字、其他符号']);
    expect(passwordProblems('x1'.repeat(101))).toEqual(['密码不能超过 200 个字符']);
  });

  it('count characters, not UTF-16 units', () => {
    // Seven characters, eleven UTF-16 units: too short. Chinese characters and emoji count as "other symbols".
    expect(passwordProblems('党建😀😀😀😀1')).toEqual(['密码至少需要 10 个字符']);
    expect(passwordProblems('党建😀😀😀😀😀😀😀1')).toEqual([]);
  });

  it('refuse the password being replaced', () => {
    expect(passwordProblems('Dangjian2026', 'Dangjian2026')).toEqual(['新密码不能与当前密码相同']);
    expect(passwordProblems('Dangjian2027', 'Dangjian2026')).toEqual([]);
  });
});

describe('who takes over a leaver’s approval step', () => {
  const units = new Map<string, OrgUnitNode>([
    ['committee', { id: 'committee', parentId: null, kind: 'committee' }],
    ['general', { id: 'general', parentId: 'committee', kind: 'general_branch' }],
    ['branch', { id: 'branch', parentId: 'general', kind: 'branch' }],
  ]);

  it('is the secretary of the step’s unit first, then those above it, nearest first', () => {
    const secretaries = new Map([['branch', ['zhang']], ['general', ['li']], ['committee', ['wang']]]);
    expect(handOverCandidates(units, secretaries, 'branch', ['chen'])).toEqual(['zhang', 'li', 'wang']);
    expect(handOverCandidates(units, secretaries, 'general', ['chen'])).toEqual(['li', 'wang']);
  });

  it('is never the leaver nor someone already deciding at the level', () => {
    const secretaries = new Map([['branch', ['zhang']], ['general', ['li', 'zhao']], ['committee', ['wang']]]);
    expect(handOverCandidates(units, secretaries, 'branch', ['zhang', 'li'])).toEqual(['zhao', 'wang']);
    expect(handOverCandidates(units, new Map(), 'branch', [])).toEqual([]);
  });
});
