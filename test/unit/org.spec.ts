import fc from 'fast-check';
import { ancestry, canSeeUnit, canWriteInUnit, isAdmin, roles, type OrgUnitNode, type RoleGrant } from '../../libs/domain/index.js';

// committee ─┬─ general ─┬─ branch
//            │           └─ sibling
//            └─ direct
const units = new Map<string, OrgUnitNode>(
  (
    [
      { id: 'committee', parentId: null, kind: 'committee' },
      { id: 'general', parentId: 'committee', kind: 'general_branch' },
      { id: 'branch', parentId: 'general', kind: 'branch' },
      { id: 'sibling', parentId: 'general', kind: 'branch' },
      { id: 'direct', parentId: 'committee', kind: 'branch' },
    ] satisfies OrgUnitNode[]
  ).map((u) => [u.id, u]),
);
const unitIds = [...units.keys()];

describe(ancestry.name, () => {
  it('walks from the unit up to the root', () => {
    expect(ancestry(units, 'branch').map((u) => u.id)).toEqual(['branch', 'general', 'committee']);
    expect(ancestry(units, 'committee').map((u) => u.id)).toEqual(['committee']);
  });

  it('gives nothing for a unit that does not exist', () => {
    expect(ancestry(units, 'nowhere')).toEqual([]);
  });

  it('stops at a parent that does not exist', () => {
    const orphan = new Map<string, OrgUnitNode>([['a', { id: 'a', parentId: 'gone', kind: 'branch' }]]);
    expect(ancestry(orphan, 'a').map((u) => u.id)).toEqual(['a']);
  });

  it('stops on a cycle instead of looping forever', () => {
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
    ['a member does not see the general branch above', member, 'general', false],
    ['a member does not see the committee at the top', member, 'committee', false],
    ['a general branch secretary sees their own unit', [{ role: 'secretary', unitId: 'general' }], 'general', true],
    ['a general branch secretary sees every branch below', [{ role: 'secretary', unitId: 'general' }], 'sibling', true],
    ['a general branch secretary does not see a branch under another parent', [{ role: 'secretary', unitId: 'general' }], 'direct', false],
    ['a committee secretary sees the whole tree below', [{ role: 'secretary', unitId: 'committee' }], 'branch', true],
    ['someone with roles in two units sees both', [...member, { role: 'staff', unitId: 'direct' }], 'direct', true],
    ['an organisation-wide auditor sees everything', [{ role: 'auditor', unitId: null }], 'sibling', true],
    ['an organisation-wide admin sees everything', [{ role: 'admin', unitId: null }], 'committee', true],
    ['an auditor of one branch sees only that branch', [{ role: 'auditor', unitId: 'branch' }], 'sibling', false],
    ['a person without roles sees nothing', [], 'branch', false],
    ['nobody but the organisation-wide sees a unit that does not exist', member, 'nowhere', false],
  ])('%s', (_, grants, unitId, expected) => {
    expect(canSeeUnit(units, grants, unitId)).toBe(expected);
  });
});

describe(canWriteInUnit.name, () => {
  it.each<[string, RoleGrant[], string, boolean]>([
    ['an organisation-wide auditor changes nothing', [{ role: 'auditor', unitId: null }], 'branch', false],
    ['an auditor of a branch changes nothing there either', [{ role: 'auditor', unitId: 'branch' }], 'branch', false],
    ['a member writes in their own branch', [{ role: 'member', unitId: 'branch' }], 'branch', true],
    ['a member does not write in a sibling branch', [{ role: 'member', unitId: 'branch' }], 'sibling', false],
    ['a member does not write in the unit above', [{ role: 'member', unitId: 'branch' }], 'general', false],
    ['a general branch secretary writes in the branches below', [{ role: 'secretary', unitId: 'general' }], 'branch', true],
    ['an auditor who is also a member writes where the membership reaches', [{ role: 'auditor', unitId: null }, { role: 'member', unitId: 'branch' }], 'branch', true],
    ['an admin writes anywhere', [{ role: 'admin', unitId: null }], 'direct', true],
  ])('%s', (_, grants, unitId, expected) => {
    expect(canWriteInUnit(units, grants, unitId)).toBe(expected);
  });

  const grantArb = fc.record({ role: fc.constantFrom(...roles), unitId: fc.constantFrom<string | null>(null, ...unitIds) });

  it('only lets a person write where they can also see, for every mix of unit roles and organisation-wide grants (property)', () => {
    // Unit-scoped admins are left out here: see the known inconsistency below.
    const grantsArb = fc.array(grantArb.filter((g) => !(g.role === 'admin' && g.unitId !== null)), { maxLength: 4 });
    fc.assert(
      fc.property(grantsArb, fc.constantFrom(...unitIds), (grants, unitId) => {
        if (canWriteInUnit(units, grants, unitId)) expect(canSeeUnit(units, grants, unitId)).toBe(true);
        if (grants.every((g) => g.role === 'auditor')) expect(canWriteInUnit(units, grants, unitId)).toBe(false);
      }),
      { numRuns: 1_000 },
    );
  });

  it('only lets an admin granted in one unit write where they can also see, and not beyond their subtree', () => {
    const scopedAdmin: RoleGrant[] = [{ role: 'admin', unitId: 'branch' }];
    for (const unitId of unitIds) {
      if (canWriteInUnit(units, scopedAdmin, unitId)) expect(canSeeUnit(units, scopedAdmin, unitId)).toBe(true);
    }
    expect(canWriteInUnit(units, scopedAdmin, 'committee')).toBe(false);
    expect(isAdmin(scopedAdmin)).toBe(false);
  });
});

describe(isAdmin.name, () => {
  it('recognises an admin grant and nothing else', () => {
    expect(isAdmin([{ role: 'admin', unitId: null }])).toBe(true);
    expect(isAdmin([{ role: 'auditor', unitId: null }, { role: 'secretary', unitId: 'committee' }])).toBe(false);
  });
});
