import { useState } from 'react';
import { Alert, Input, Modal, Radio, Typography } from 'antd';
import { messageOf } from '../../../api/errors';
import { calendarKindLabels, type CalendarOverride } from '../model';

type Choice = CalendarOverride['kind'] | 'published';

interface Props {
  date: string;
  current: CalendarOverride | undefined;
  pending: boolean;
  error: unknown;
  onSave: (override: CalendarOverride | null) => void;
  onClose: () => void;
}

/** One day's override: a holiday, a working day, or back to the published calendar; with a note (公司运动会 …). */
export function OverrideDialog({ date, current, pending, error, onSave, onClose }: Props) {
  const [kind, setKind] = useState<Choice>(current?.kind ?? 'holiday');
  const [note, setNote] = useState(current?.note ?? '');
  const save = () => onSave(kind === 'published' ? null : { date, kind, ...(note.trim() ? { note: note.trim() } : {}) });
  return (
    <Modal open title={`调整 ${date}`} okText="保存" cancelText="取消" okButtonProps={{ loading: pending }} onOk={save} onCancel={onClose} destroyOnHidden>
      {error !== null && error !== undefined && <Alert type="error" showIcon role="alert" title={messageOf(error)} style={{ marginBottom: 12 }} />}
      <Radio.Group
        aria-label="这一天是"
        value={kind}
        onChange={(e) => setKind(e.target.value as Choice)}
        options={[
          { value: 'holiday', label: `${calendarKindLabels.holiday}（放假）` },
          { value: 'workday', label: `${calendarKindLabels.workday}（上班）` },
          { value: 'published', label: '按国家发布的日历' },
        ]}
        style={{ marginBottom: 12 }}
      />
      <label htmlFor="override-note">
        <Typography.Text>说明（选填）</Typography.Text>
      </label>
      <Input id="override-note" maxLength={200} value={note} disabled={kind === 'published'} onChange={(e) => setNote(e.target.value)} />
    </Modal>
  );
}
