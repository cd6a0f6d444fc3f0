import { ancestry, canSeeUnit, canWriteInUnit, canonicalJson, type OrgUnitNode, type RoleGrant } from '../../libs/domain/index.js';

const units = new Map<string, OrgUnitNode>(
  [
    { id: 'committee', parentId: null, kind: 'committee' as const },
    { id: 'general', parentId: 'committee', kind: 'general_branch' as const },
    { id: 'branch', parentId: 'general', kind: 'branch' as const },
    { id: 'sibling', parentId: 'general', kind: 'branch' as const },
  ].map((u) => [u.id, u]),
);

describe(ancestry.name, () => {
  it('walks from the unit up to the root and stops on a cycle', () => {
    expect(ancestry(units, 'branch').map((u) => u.id)).toEqual(['branch', 'general', 'committee']);
    const loop = new Map<string, OrgUnitNode>([
      ['a', { id: 'a', parentId: 'b', kind: 'branch' }],
      ['b', { id: 'b', parentId: 'a', kind: 'branch' }],
    ]);
    expect(ancestry(loop, 'a').map((u) => u.id)).toEqual(['a', 'b']);
  });
});

describe(canSeeUnit.name, () => {
  const member: RoleGrant[] = [{ role: 'member', unitId: 'branch' }];
  it.each<[string, RoleGrant[], string, boolean]>([
    ['a member sees their own branch', member, 'branch', true],
    ['a member does not see a sibling branch', member, 'sibling', false],
    ['a member does not see the unit above', member, 'general', false],
    ['a general branch secretary sees the branches below', [{ role: 'secretary', unitId: 'general' }], 'sibling', true],
    ['an organisation-wide auditor sees everything', [{ role: 'auditor', unitId: null }], 'sibling', true],
    ['an organisation-wide admin sees everything', [{ role: 'admin', unitId: null }], 'committee', true],
  ])('%s', (_, grants, unitId, expected) => {
    expect(canSeeUnit(units, grants, unitId)).toBe(expected);
  });
});

describe(canWriteInUnit.name, () => {
  it('lets auditors read but never write, and members write in their own subtree only', () => {
    expect(canWriteInUnit(units, [{ role: 'auditor', unitId: null }], 'branch')).toBe(false);
    expect(canWriteInUnit(units, [{ role: 'auditor', unitId: 'branch' }], 'branch')).toBe(false);
    expect(canWriteInUnit(units, [{ role: 'member', unitId: 'branch' }], 'branch')).toBe(true);
    expect(canWriteInUnit(units, [{ role: 'member', unitId: 'branch' }], 'sibling')).toBe(false);
  });
});

describe(canonicalJson.name, () => {
  it('gives the same text whatever the key order, dropping undefined and writing dates as ISO', () => {
    const a = canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: undefined }, at: new Date('2026-01-01T00:00:00Z') });
    const b = canonicalJson({ at: new Date('2026-01-01T00:00:00Z'), a: { d: [1, { x: 1, y: 2 }] }, b: 1 });
    expect(a).toBe(b);
    expect(a).toBe('{"a":{"d":[1,{"x":1,"y":2}]},"at":"2026-01-01T00:00:00.000Z","b":1}');
  });
});
