import fc from 'fast-check';
import {
  chainDirectory,
  DomainError,
  deriveLevels,
  startChain,
  type ChainDirectory,
  type LevelMode,
  type LevelSpec,
  type LevelTemplate,
  type OrgUnitNode,
} from '../../libs/domain/index.js';
import { refusalCodeOf } from '../support/refusal-code.js';

describe('deriving approval levels from the org tree', () => {
  // 集团党委 → 公司党委 → 第一党总支 → 第一党支部; 第二党支部 sits directly under 公司党委.
  const tree: (OrgUnitNode & { name: string })[] = [
    { id: 'group', parentId: null, kind: 'committee', name: '集团党委' },
    { id: 'committee', parentId: 'group', kind: 'committee', name: '公司党委' },
    { id: 'general', parentId: 'committee', kind: 'general_branch', name: '第一党总支' },
    { id: 'branch', parentId: 'general', kind: 'branch', name: '第一党支部' },
    { id: 'direct', parentId: 'committee', kind: 'branch', name: '第二党支部' },
  ];
  const units = new Map(tree.map((u) => [u.id, u]));
  const usual: Record<string, string[]> = { group: ['zhao'], committee: ['wang'], general: ['li'], branch: ['zhang'], direct: ['sun'] };
  const directory = (secretaries: Record<string, string[]> = usual, admins: string[] = ['admin']) =>
    chainDirectory(units, { secretariesOf: (id) => secretaries[id] ?? [], adminIds: admins });
  /** The directory with the unit the chain starts from, as the derive functions take them. */
  const dir = (unitId: string, secretaries: Record<string, string[]> = usual, admins: string[] = ['admin']) =>
    [directory(secretaries, admins), unitId] as const;
  const summary = (levels: LevelSpec[]) => levels.map((l) => [l.unitName, l.mode, l.approverIds]);
  /** 立项 by the parent unit then the committee (党委前置研究); reviews by the parent unit; self-approval escalates, posts are asked once. */
  const launchTemplate: LevelTemplate[] = [
    { scope: 'parent_unit', mode: 'sequential' },
    { scope: 'committee', mode: 'sequential' },
  ];
  const reviewTemplate: LevelTemplate[] = [{ scope: 'parent_unit', mode: 'sequential' }];
  const rules = { selfApproval: 'escalate', dedupe: true } as const;
  const deriveLaunchLevels = (d: ChainDirectory, unitId: string, submitterId: string) => deriveLevels(d, launchTemplate, { unitId, submitterId }, rules);
  const deriveReviewLevels = (d: ChainDirectory, unitId: string, submitterId: string) => deriveLevels(d, reviewTemplate, { unitId, submitterId }, rules);

  describe(chainDirectory.name, () => {
    it('lists the unit and every unit above it, with their names', () => {
      const d = directory();
      expect(d.pathOf('branch').map((u) => u.id)).toEqual(['branch', 'general', 'committee', 'group']);
      expect(d.nameOf('general')).toBe('第一党总支');
    });

    it('rejects a unit that does not exist', () => {
      expect(refusalCodeOf(() => directory().pathOf('nowhere'))).toBe('NOT_FOUND');
    });
  });

  describe('levels of a launch (parent unit, then committee)', () => {
    it.each<[string, string, Record<string, string[]>, string, [string, LevelMode, string[]][]]>([
      [
        'routes a branch project to its general branch secretary, then the committee secretary (党委前置研究)',
        'branch',
        usual,
        'chen',
        [
          ['第一党总支', 'sequential', ['li']],
          ['公司党委', 'sequential', ['wang']],
        ],
      ],
      ['gives a branch directly under the committee a single committee level', 'direct', usual, 'chen', [['公司党委', 'sequential', ['wang']]]],
      [
        'climbs to the next unit up when the committee has no secretary',
        'branch',
        { ...usual, committee: [] },
        'chen',
        [
          ['第一党总支', 'sequential', ['li']],
          ['集团党委', 'sequential', ['zhao']],
        ],
      ],
      ['climbs past a general branch without a secretary and keeps one committee level', 'branch', { ...usual, general: [] }, 'chen', [['公司党委', 'sequential', ['wang']]]],
      ['skips the submitter who is the secretary of a level, going to the next unit up', 'branch', usual, 'li', [['公司党委', 'sequential', ['wang']]]],
      [
        'keeps the other secretaries of a level when one of them is the submitter',
        'branch',
        { ...usual, general: ['li', 'zhou'] },
        'li',
        [
          ['第一党总支', 'sequential', ['zhou']],
          ['公司党委', 'sequential', ['wang']],
        ],
      ],
      [
        'asks a person who is secretary at two levels only once, at the lower level (自动去重)',
        'branch',
        { ...usual, general: ['wang'], committee: ['wang', 'qian'] },
        'chen',
        [
          ['第一党总支', 'sequential', ['wang']],
          ['公司党委', 'sequential', ['qian']],
        ],
      ],
      ['drops a level left with nobody after de-duplication', 'branch', { ...usual, general: ['wang'] }, 'chen', [['第一党总支', 'sequential', ['wang']]]],
      ['falls back to the admins, at the top unit, when nobody anywhere holds a post', 'branch', {}, 'chen', [['集团党委', 'sequential', ['admin']]]],
      ["sends a company committee's own project to the group committee above it", 'committee', usual, 'chen', [['集团党委', 'sequential', ['zhao']]]],
      ["sends the top committee's own project to its own secretary", 'group', usual, 'chen', [['集团党委', 'sequential', ['zhao']]]],
      ["sends the top committee secretary's own project to the admins", 'group', usual, 'zhao', [['集团党委', 'sequential', ['admin']]]],
    ])('%s', (_, unitId, secretaries, who, expected) => {
      expect(summary(deriveLaunchLevels(...dir(unitId, secretaries), who))).toEqual(expected);
    });

    it('never puts the submitter in the chain, even as an admin', () => {
      expect(summary(deriveLaunchLevels(...dir('branch', {}, ['chen', 'admin']), 'chen'))).toEqual([['集团党委', 'sequential', ['admin']]]);
    });

    it.each<[string, string[]]>([
      ['there are no admins', []],
      ['the only admin is the submitter', ['chen']],
    ])('rejects the request with NO_APPROVER when nobody holds a post and %s', (_, admins) => {
      expect(refusalCodeOf(() => deriveLaunchLevels(...dir('branch', {}, admins), 'chen'))).toBe('NO_APPROVER');
    });

    it('gives levels that always start a valid chain', () => {
      expect(startChain(deriveLaunchLevels(...dir('branch'), 'chen')).status).toBe('pending');
    });
  });

  describe('levels of a review (parent unit)', () => {
    it.each<[string, string, Record<string, string[]>, string, [string, LevelMode, string[]][]]>([
      ['sends a branch report to the general branch above it', 'branch', usual, 'zhang', [['第一党总支', 'sequential', ['li']]]],
      ['sends a general branch report to the committee', 'general', usual, 'li', [['公司党委', 'sequential', ['wang']]]],
      ['climbs past a parent without a secretary', 'branch', { ...usual, general: [] }, 'zhang', [['公司党委', 'sequential', ['wang']]]],
      ['climbs past a parent whose secretary is the submitter', 'branch', usual, 'li', [['公司党委', 'sequential', ['wang']]]],
      ['sends the top unit its own reports', 'group', usual, 'chen', [['集团党委', 'sequential', ['zhao']]]],
      ['falls back to the admins when nobody above holds a post', 'branch', {}, 'zhang', [['集团党委', 'sequential', ['admin']]]],
    ])('%s', (_, unitId, secretaries, who, expected) => {
      expect(summary(deriveReviewLevels(...dir(unitId, secretaries), who))).toEqual(expected);
    });

    it('rejects the review with NO_APPROVER when nobody at all could decide', () => {
      expect(refusalCodeOf(() => deriveReviewLevels(...dir('branch', {}, []), 'zhang'))).toBe('NO_APPROVER');
    });
  });

  it('never derives a chain in which the submitter decides, whoever holds which post (property)', () => {
    const people = ['p0', 'p1', 'p2', 'p3'];
    const holders = fc.uniqueArray(fc.constantFrom(...people), { maxLength: 2 });
    fc.assert(
      fc.property(
        fc.record({ group: holders, committee: holders, general: holders, branch: holders, direct: holders }),
        fc.uniqueArray(fc.constantFrom(...people, 'admin'), { maxLength: 2 }),
        fc.constantFrom(...tree.map((u) => u.id)),
        fc.constantFrom(...people),
        (secretaries, admins, unitId, who) => {
          for (const derive of [deriveLaunchLevels, deriveReviewLevels]) {
            let levels: LevelSpec[];
            try {
              levels = derive(...dir(unitId, secretaries, admins), who);
            } catch (error) {
              // Only allowed when nobody but the submitter holds any post and no other admin exists.
              expect(error).toBeInstanceOf(DomainError);
              expect((error as DomainError).code).toBe('NO_APPROVER');
              expect(admins.filter((id) => id !== who)).toEqual([]);
              continue;
            }
            const everyone = levels.flatMap((l) => l.approverIds);
            expect(everyone).not.toContain(who);
            expect(new Set(everyone).size).toBe(everyone.length);
            expect(levels.length).toBeGreaterThan(0);
            expect(levels.every((l) => l.approverIds.length > 0)).toBe(true);
          }
        },
      ),
      { numRuns: 1_000 },
    );
  });
});
