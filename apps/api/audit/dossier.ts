import type { ChainVerification } from '../../../libs/audit/verify-chains.js';
import type { TimelineEntry } from '../../../libs/audit/timeline.js';
import { actionLabel, mismatchLabel, type Lang } from '../../../libs/audit/timeline-labels.js';
import { approvalPurposeLabels, formatBeijingTime, gradeLabels, projectStatusLabels, type ApprovalPurpose, type Grade, type ProjectStatus } from '../../../libs/domain/index.js';
import type { ProjectTimeline } from './audit.service.js';

export interface DossierDecision {
  at: Date;
  purpose: string;
  level: number;
  actorName: string;
  decision: string;
  comment: string | null;
}

export interface DossierScore {
  evaluatorName: string;
  total: string;
  bonus: string | null;
  comment: string;
}

export interface DossierEvidenceFile {
  itemMeasures: string;
  name: string;
  size: number;
  sha256: string;
  uploadedByName: string;
  uploadedAt: Date;
}

export interface DossierData {
  unitName: string;
  ownerName: string;
  status: string;
  timeline: ProjectTimeline;
  chain: ChainVerification;
  decisions: DossierDecision[];
  evaluation: { total: string | null; grade: string | null; ruleVersion: string | null; publishedAt: Date | null; publishedByName: string | null } | null;
  scores: DossierScore[];
  files: DossierEvidenceFile[];
  generatedAt: Date;
}

const words = {
  title: ['项目审计档案', 'Project audit dossier'],
  unit: ['单位', 'Unit'],
  owner: ['负责人', 'Owner'],
  year: ['年度', 'Year'],
  status: ['状态', 'Status'],
  policy: ['制度版本', 'Policy version'],
  generated: ['生成时间（北京时间）', 'Generated (Beijing time)'],
  chain: ['审计日志校验', 'Audit log verification'],
  chainOk: ['哈希链完整：共 {n} 条记录，末条哈希 {head}', 'Hash chain intact: {n} events, last hash {head}'],
  chainBroken: ['哈希链断裂：{where}{reason}', 'Hash chain broken: {where}{reason}'],
  brokenAt: ['第 {position} 条（序号 {seq}）— ', 'at event {position} (seq {seq}): '],
  consistency: ['历史与记录核对', 'History checked against the records'],
  consistent: ['一致：工作流历史与审计日志、业务记录逐条相符', 'Consistent: every workflow step matches the audit log and the records'],
  inconsistent: ['发现 {n} 处不一致', '{n} mismatches found'],
  timeline: ['时间线', 'Timeline'],
  when: ['时间', 'When'],
  who: ['操作人', 'Who'],
  what: ['事项', 'What'],
  particulars: ['说明', 'Particulars'],
  check: ['核对', 'Check'],
  decisions: ['审批决定', 'Decisions'],
  purpose: ['审批事项', 'Purpose'],
  level: ['层级', 'Level'],
  decision: ['决定', 'Decision'],
  comment: ['意见', 'Comment'],
  scores: ['年终评价', 'Year-end evaluation'],
  evaluator: ['评分人', 'Evaluator'],
  total: ['总分', 'Total'],
  bonus: ['创新加分', 'Bonus'],
  grade: ['等次', 'Grade'],
  rule: ['评分规则版本', 'Scoring rules'],
  published: ['审定发布', 'Signed off'],
  evidence: ['整改佐证文件', 'Evidence files'],
  item: ['整改事项', 'Item'],
  file: ['文件', 'File'],
  size: ['大小（字节）', 'Size (bytes)'],
  uploaded: ['上传', 'Uploaded'],
  none: ['无', 'None'],
} satisfies Record<string, [string, string]>;

type Word = keyof typeof words;

const escape = (text: unknown): string =>
  String(text ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

/** A4 portrait, tables that break between rows and repeat their heads, nothing loaded from elsewhere. */
const style = `
@page { size: A4; margin: 18mm 15mm; }
body { font-family: "Noto Serif CJK SC", "Source Han Serif SC", "SimSun", serif; font-size: 10.5pt; color: #000; margin: 0; }
h1 { font-size: 16pt; text-align: center; margin: 0 0 6mm; }
h2 { font-size: 12pt; border-bottom: 1px solid #000; margin: 7mm 0 3mm; break-after: avoid; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
th, td { border: 1px solid #555; padding: 1.2mm 1.6mm; vertical-align: top; text-align: left; overflow-wrap: anywhere; }
th { background: #eee; }
dl { display: grid; grid-template-columns: 32mm 1fr; gap: 1mm 3mm; margin: 0; }
dt { font-weight: bold; }
.hash { font-family: "DejaVu Sans Mono", monospace; font-size: 8pt; }
.flag { font-weight: bold; }
@media screen { body { max-width: 210mm; margin: 10mm auto; } }
`;

export function renderDossier(data: DossierData, lang: Lang): string {
  const w = (key: Word, values: Record<string, string | number> = {}): string =>
    words[key][lang === 'zh' ? 0 : 1].replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));
  const time = (at: Date | string | null): string => formatBeijingTime(at, 'second');
  const table = (heads: string[], rows: string[][]): string =>
    rows.length === 0
      ? `<p>${escape(w('none'))}</p>`
      : `<table><thead><tr>${heads.map((h) => `<th>${escape(h)}</th>`).join('')}</tr></thead><tbody>${rows
          .map((cells) => `<tr>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`)
          .join('')}</tbody></table>`;
  const { timeline, chain } = data;

  const broken = chain.firstBroken;
  const chainText = !broken
    ? w('chainOk', { n: chain.events, head: chain.head?.hash ?? '' })
    : w('chainBroken', { where: broken.seq ? w('brokenAt', { position: broken.position, seq: broken.seq }) : '', reason: broken.reason });
  // Chinese readers get the domain's words for stored codes; English readers the codes, which are English.
  const zh = lang === 'zh';
  const statusText = zh ? (projectStatusLabels[data.status as ProjectStatus] ?? data.status) : data.status;
  const purposeText = (purpose: string) => (zh ? (approvalPurposeLabels[purpose as ApprovalPurpose] ?? purpose) : purpose);
  const gradeText = (grade: string | null) => (grade && zh ? (gradeLabels[grade as Grade] ?? grade) : (grade ?? '—'));
  const who = (e: TimelineEntry): string =>
    e.actor ? `${escape(e.actor.name ?? e.actor.id)}${e.actor.roles.length ? `<br><small>${escape(e.actor.roles.join('；'))}</small>` : ''}` : '—';
  const particulars = (e: TimelineEntry): string =>
    [
      e.recipient ? `→ ${e.recipient.name ?? e.recipient.id}` : null,
      e.details.comment,
      e.details.reason,
      e.details.quarter ? `Q${e.details.quarter}` : null,
      e.details.level !== undefined ? `L${e.details.level + 1}` : null,
      e.details.dueAt ? time(e.details.dueAt) : null,
      e.rule,
      e.details.total !== undefined ? `${e.details.total}${e.details.grade ? ` ${e.details.grade}` : ''}` : null,
      ...(e.details.files ?? []).map((f) => `${f.name} (${f.sha256.slice(0, 12)}…)`),
    ]
      .filter(Boolean)
      .map(escape)
      .join('<br>');

  return `<!DOCTYPE html>
<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><title>${escape(w('title'))} · ${escape(timeline.title)}</title><style>${style}</style></head>
<body>
<h1>${escape(w('title'))}<br>${escape(timeline.title)}</h1>
<dl>
<dt>${escape(w('unit'))}</dt><dd>${escape(data.unitName)}</dd>
<dt>${escape(w('owner'))}</dt><dd>${escape(data.ownerName)}</dd>
<dt>${escape(w('year'))}</dt><dd>${timeline.year}</dd>
<dt>${escape(w('status'))}</dt><dd>${escape(statusText)}</dd>
<dt>${escape(w('policy'))}</dt><dd>${escape(timeline.policyVersion ?? '—')}</dd>
<dt>${escape(w('generated'))}</dt><dd>${time(data.generatedAt)}</dd>
</dl>
<h2>${escape(w('chain'))}</h2>
<p class="hash">${escape(chainText)}</p>
<h2>${escape(w('consistency'))}</h2>
<p${timeline.consistent ? '' : ' class="flag"'}>${escape(timeline.consistent ? w('consistent') : w('inconsistent', { n: timeline.mismatches.length }))}</p>
${timeline.consistent ? '' : table([w('what'), w('particulars')], timeline.mismatches.map((m) => [escape(m.label), escape([m.workflowId, m.key, m.history, m.records].filter(Boolean).join(' · '))]))}
<h2>${escape(w('timeline'))}</h2>
${table(
  [w('when'), w('who'), w('what'), w('particulars'), w('check')],
  timeline.entries.map((e) => [
    escape(e.atLocal),
    who(e),
    escape(e.label),
    particulars(e),
    e.flags.length ? `<span class="flag">✗ ${escape(e.flags.map((f) => mismatchLabel(f, lang)).join('；'))}</span>` : '✓',
  ]),
)}
<h2>${escape(w('decisions'))}</h2>
${table(
  [w('when'), w('purpose'), w('level'), w('who'), w('decision'), w('comment')],
  data.decisions.map((d) => [escape(time(d.at)), escape(purposeText(d.purpose)), String(d.level + 1), escape(d.actorName), escape(actionLabel(`decision_${d.decision}`, lang)), escape(d.comment ?? '')]),
)}
<h2>${escape(w('scores'))}</h2>
${
  data.evaluation
    ? `<dl><dt>${escape(w('total'))}</dt><dd>${escape(data.evaluation.total ?? '—')}</dd><dt>${escape(w('grade'))}</dt><dd>${escape(gradeText(data.evaluation.grade))}</dd><dt>${escape(w('rule'))}</dt><dd>${escape(data.evaluation.ruleVersion ?? '—')}</dd><dt>${escape(w('published'))}</dt><dd>${escape(data.evaluation.publishedByName ?? '—')} ${escape(time(data.evaluation.publishedAt))}</dd></dl>`
    : ''
}
${table([w('evaluator'), w('total'), w('bonus'), w('comment')], data.scores.map((s) => [escape(s.evaluatorName), escape(s.total), escape(s.bonus ?? ''), escape(s.comment)]))}
<h2>${escape(w('evidence'))}</h2>
${table(
  [w('item'), w('file'), w('size'), 'SHA-256', w('uploaded')],
  data.files.map((f) => [escape(f.itemMeasures), escape(f.name), String(f.size), `<span class="hash">${escape(f.sha256)}</span>`, `${escape(f.uploadedByName)}<br>${escape(time(f.uploadedAt))}`]),
)}
</body></html>
`;
}
