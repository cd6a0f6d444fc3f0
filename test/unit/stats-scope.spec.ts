import { statsCoverUnit, statsGrants, type OrgUnitNode, type RoleGrant } from '../../libs/domain/index.js';

const units = new Map<string, OrgUnitNode>(
  [
    { id: 'committee', parentId: null, kind: 'committee' },
    { id: 'general', parentId: 'committee', kind: 'general_branch' },
    { id: 'branch', parentId: 'general', kind: 'branch' },
    { id: 'sibling', parentId: 'committee', kind: 'general_branch' },
  ].map((u) => [u.id, u as OrgUnitNode]),
);

const reads = (grants: RoleGrant[], unitId: string) => statsCoverUnit(units, statsGrants(units, grants), unitId);

describe('who reads statistics of which subtree', () => {
  it('opens them to secretaries, committee members and auditors over their subtree', () => {
    expect(reads([{ role: 'secretary', unitId: 'branch' }], 'branch')).toBe(true);
    expect(reads([{ role: 'member', unitId: 'general' }], 'branch')).toBe(true);
    expect(reads([{ role: 'auditor', unitId: 'general' }], 'general')).toBe(true);
    expect(reads([{ role: 'secretary', unitId: 'general' }], 'sibling')).toBe(false);
    expect(reads([{ role: 'secretary', unitId: 'branch' }], 'general')).toBe(false);
  });

  it("keeps a branch's ordinary member and staff out, even where another grant opens a different subtree", () => {
    expect(statsGrants(units, [{ role: 'member', unitId: 'branch' }])).toEqual([]);
    expect(statsGrants(units, [{ role: 'staff', unitId: 'general' }])).toEqual([]);
    expect(reads([{ role: 'member', unitId: 'branch' }, { role: 'secretary', unitId: 'sibling' }], 'branch')).toBe(false);
  });

  it('opens the whole organisation to organisation-wide admins and auditors only', () => {
    expect(reads([{ role: 'admin', unitId: null }], 'sibling')).toBe(true);
    expect(reads([{ role: 'auditor', unitId: null }], 'branch')).toBe(true);
    expect(statsGrants(units, [{ role: 'member', unitId: null }])).toEqual([]);
  });
});
