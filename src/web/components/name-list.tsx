import { Tooltip, Typography } from 'antd';

/**
 * Names in a table cell: up to `max` in full (甲、乙), a longer list as 邹勇东等 14 人 with every
 * name on hover, so that a long list never squeezes the other columns.
 */
export function NameList(props: { names: string[]; max?: number; empty?: string }) {
  const names = props.names.filter(Boolean);
  const max = props.max ?? 2;
  if (!names.length) return <Typography.Text type="secondary">{props.empty ?? '—'}</Typography.Text>;
  const all = names.join('、');
  if (names.length <= max) return <span data-testid="name-list">{all}</span>;
  return (
    <Tooltip title={all}>
      <span data-testid="name-list" style={{ whiteSpace: 'nowrap' }}>
        {names[0]}等 {names.length} 人
      </span>
    </Tooltip>
  );
}

/** The short form alone, where a plain text is needed (a title, an export). */
export function nameListText(names: string[], max = 2): string {
  return names.length <= max ? names.join('、') : `${names[0]}等 ${names.length} 人`;
}
