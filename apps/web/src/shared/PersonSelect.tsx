import { Select } from 'antd';
import { usePeople } from './people';

interface Common {
  /** Given by the form item around it, so its label names it. */
  id?: string;
  /** People not offered: oneself, where choosing oneself makes no sense. */
  exclude?: readonly string[];
  invalid?: boolean;
}

/** Several people (抄送) or one (转交, 加签). */
type Props = Common & ({ multiple: true; value?: string[]; onChange?: (ids: string[]) => void } | { multiple?: false; value?: string; onChange?: (id: string) => void });

/**
 * A person picker over the people I can see, searchable by name or e-mail. It offers anyone: whether that person
 * may take the step is the API's call, and its refusal says who may (the picker never guesses a rule it does not own).
 */
export function PersonSelect({ id, value, onChange, multiple = false, exclude = [], invalid = false }: Props) {
  // The union's two halves agree: one id in and out, or a list in and out.
  const changed = onChange as ((v: string | string[]) => void) | undefined;
  const people = usePeople();
  const options = (people.data ?? []).filter((p) => !exclude.includes(p.id)).map((p) => ({ value: p.id, label: `${p.name}（${p.email}）` }));
  return (
    <Select
      id={id}
      mode={multiple ? 'multiple' : undefined}
      showSearch={{ optionFilterProp: 'label' }}
      loading={people.isPending}
      options={options}
      value={value}
      onChange={(v: string | string[]) => changed?.(v)}
      placeholder="输入姓名或邮箱搜索"
      status={invalid ? 'error' : undefined}
      aria-invalid={invalid}
      style={{ width: '100%' }}
    />
  );
}
