import { Space, Tag, Typography } from 'antd';
import { scopeKindLabel } from '../org-options.ts';

/** What a cadre is responsible for in a division version: lead scopes first, assisting ones marked. */
export function ScopeTags(props: { scopes: { kind: string; ref: string; lead: boolean; label: string }[] }) {
  if (!props.scopes.length) return <Typography.Text type="secondary">—</Typography.Text>;
  const sorted = [...props.scopes].sort((a, b) => Number(b.lead) - Number(a.lead));
  return (
    <Space size={[4, 4]} wrap>
      {sorted.map((s) => {
        const kind = scopeKindLabel(s.kind);
        const color = !s.lead
          ? 'default'
          : s.kind === 'domain'
            ? 'blue'
            : s.kind === 'region'
              ? 'green'
              : 'purple';
        return (
          <Tag
            key={`${s.kind}:${s.ref}:${s.lead}`}
            color={color}
            title={`${kind}${s.lead ? '（负责）' : '（协助）'}`}
          >
            {s.kind === 'domain' ? '' : `${kind}：`}
            {s.label}
            {s.lead ? '' : '（协助）'}
          </Tag>
        );
      })}
    </Space>
  );
}
