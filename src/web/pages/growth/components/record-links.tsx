import { Space, Typography } from 'antd';
import { Link } from 'react-router';

/** The records a figure rests on: each a link to the page that shows it (or its label). */
export function RecordLinks(props: {
  records: { type: string; id: string; label: string; link: string | null }[];
  max?: number;
}) {
  const shown = props.records.slice(0, props.max ?? 8);
  const more = props.records.length - shown.length;
  return (
    <Space size={[8, 2]} wrap data-testid="record-links">
      {shown.map((r) =>
        r.link ? (
          <Link key={`${r.type}:${r.id}`} to={r.link} style={{ fontSize: 12 }}>
            {r.label}
          </Link>
        ) : (
          <Typography.Text key={`${r.type}:${r.id}`} type="secondary" style={{ fontSize: 12 }}>
            {r.label}
          </Typography.Text>
        ),
      )}
      {more > 0 && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          等 {props.records.length} 条
        </Typography.Text>
      )}
    </Space>
  );
}
