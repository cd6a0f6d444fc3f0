import { Tag, Timeline, Typography } from 'antd';
import type { TimelineEntry } from '../api';

type Person = NonNullable<TimelineEntry['actor']>;

const personOf = (p: Person) => `${p.name ?? p.id}${p.roles.length ? `（${p.roles.join('，')}）` : '（当时无职务）'}`;

const mailLabels: Record<string, string> = { sent: '邮件已发送', pending: '邮件待发送', failed: '邮件发送失败', in_digest: '并入每日待办邮件', missing: '无发信记录' };

/** What a step carried besides who and what: the comment, the level or quarter, the rule and the evidence files with their hashes. */
function Details({ entry }: { entry: TimelineEntry }) {
  const d = entry.details;
  const facts = [
    d.level !== undefined ? `第${d.level + 1}级` : null,
    d.quarter !== undefined ? `第${d.quarter}季度` : null,
    d.round !== undefined && d.round > 1 ? `第${d.round}轮` : null,
    d.total !== undefined ? `总分 ${d.total}` : null,
    d.grade ? `等级 ${d.grade}` : null,
    d.mail ? (mailLabels[d.mail] ?? d.mail) : null,
  ].filter(Boolean);
  return (
    <>
      {facts.length > 0 && <div>{facts.join(' · ')}</div>}
      {d.comment && <div>意见：{d.comment}</div>}
      {d.reason && <div>原因：{d.reason}</div>}
      {d.description && <div>{d.description}</div>}
      {entry.rule && <div>规则：{entry.rule}</div>}
      {d.files?.map((f) => (
        <div key={f.id} style={{ wordBreak: 'break-all' }}>
          佐证文件 {f.name}：SHA-256 <Typography.Text code>{f.sha256}</Typography.Text>
        </div>
      ))}
    </>
  );
}

/** Every step in order: when (Beijing time), who with the roles held then, what, and any disagreement found on it. */
export function TimelineEntries({ entries }: { entries: readonly TimelineEntry[] }) {
  return (
    <Timeline
      items={entries.map((e, i) => ({
        key: `${e.at}-${e.key ?? e.auditSeq ?? i}`,
        color: e.flags.length > 0 ? 'red' : e.source === 'audit_log' ? 'gray' : 'blue',
        content: (
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 13 }}>
              {e.atLocal}
            </Typography.Text>{' '}
            <Typography.Text strong>{e.label}</Typography.Text>
            {e.source === 'audit_log' && <Tag style={{ marginInlineStart: 8 }}>仅见于审计日志</Tag>}
            {e.flags.length > 0 && <Tag style={{ marginInlineStart: 8 }}>不一致</Tag>}
            {e.actor && <div>办理人：{personOf(e.actor)}</div>}
            {e.recipient && <div>接收人：{personOf(e.recipient)}</div>}
            <Details entry={e} />
          </div>
        ),
      }))}
    />
  );
}
