import { Card, Descriptions, List, Space, Tag, Typography } from 'antd';
import { KindTag } from '../scene-bits.tsx';
import {
  type ActivityDetail,
  AGENDA_TAG_COLORS,
  agendaTagLabel,
  criteriaText,
  subtypeLabel,
} from '../scene-options.ts';

/** What the activity was: kind, dates, unit, place, the dimensions it is rated on, the agenda. */
export function InfoCard({ a }: { a: ActivityDetail }) {
  return (
    <Card>
      <Space size={8} wrap style={{ marginBottom: 12 }}>
        <KindTag kind={a.kind} />
        {a.kind !== 'meeting' && <Tag>{subtypeLabel(a.kind, a.subtype)}</Tag>}
      </Space>
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2, xl: 3 }}
        items={[
          {
            key: 'dates',
            label: '日期',
            children: a.startsOn === a.endsOn ? a.startsOn : `${a.startsOn} 至 ${a.endsOn}`,
          },
          ...(a.kind !== 'event' || a.unitName
            ? [
                {
                  key: 'unit',
                  label:
                    a.kind === 'meeting'
                      ? '召开会议的单位'
                      : a.kind === 'emergency'
                        ? '牵头单位'
                        : '承办单位',
                  children: a.unitName ?? '—',
                },
              ]
            : []),
          { key: 'place', label: '地点', children: a.place || '—' },
          {
            key: 'dims',
            label: a.kind === 'event' ? '评分标准' : '评价维度',
            span: 'filled',
            children:
              a.kind === 'event'
                ? `${criteriaText(a.dimensions)}（每项 0–100 分）`
                : `${a.dimensions.map((d) => d.name).join('、')}（每项 1–5 分）`,
          },
          ...(a.summary
            ? [
                {
                  key: 'summary',
                  label: '概况',
                  span: 'filled' as const,
                  children: <span style={{ whiteSpace: 'pre-wrap' }}>{a.summary}</span>,
                },
              ]
            : []),
        ]}
      />
      {a.kind === 'meeting' && a.agenda.length > 0 && (
        <>
          <Typography.Text strong style={{ display: 'block', margin: '8px 0' }}>
            议题
          </Typography.Text>
          <List
            size="small"
            bordered
            dataSource={a.agenda}
            data-testid="activity-agenda-list"
            renderItem={(x, i) => (
              <List.Item>
                <Space size={8}>
                  <Typography.Text type="secondary">{i + 1}.</Typography.Text>
                  <span>{x.title}</span>
                  <Tag color={AGENDA_TAG_COLORS[x.tag]} style={{ marginInlineEnd: 0 }}>
                    {agendaTagLabel(x.tag)}
                  </Tag>
                </Space>
              </List.Item>
            )}
          />
        </>
      )}
    </Card>
  );
}
