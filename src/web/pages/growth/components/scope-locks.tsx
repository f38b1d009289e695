import { Card, Collapse, Empty, Space, Tag, Typography } from 'antd';
import { quarterLabel } from '../../../../common/contracts/growth.ts';
import { fmtTime } from '../../../components/format.ts';
import type { CadreGrowth } from '../cadre.tsx';

/** 职责锁定: the scope frozen at the start of each quarter, and the dated amendments since. */
export function ScopeLocks(props: { scopes: CadreGrowth['scopes'] }) {
  return (
    <Card title="职责范围（事先锁定）" data-testid="growth-scopes">
      {props.scopes.length === 0 ? (
        <Empty description="尚未锁定职责范围" />
      ) : (
        <Collapse
          defaultActiveKey={[props.scopes[0]!.id]}
          items={props.scopes.map((s) => ({
            key: s.id,
            label: (
              <Space>
                <span>{quarterLabel(s.quarter)}</span>
                <Typography.Text type="secondary">锁定于 {s.lockedOn}</Typography.Text>
                {s.amendments.length > 0 && <Tag color="orange">调整 {s.amendments.length} 次</Tag>}
              </Space>
            ),
            children: (
              <div>
                {s.responsibilities.length === 0 && (
                  <Typography.Text type="secondary">当日无班子分工</Typography.Text>
                )}
                {s.responsibilities.map((r) => (
                  <div key={`${r.unitName}${r.docNo}`} style={{ marginBottom: 8 }}>
                    <Typography.Text strong>{r.unitName}</Typography.Text>
                    {r.docNo && <Typography.Text type="secondary">（{r.docNo}）</Typography.Text>}
                    <div>{r.duties}</div>
                    <Space size={[4, 4]} wrap>
                      {r.scopes.map((x) => (
                        <Tag key={`${x.kind}${x.label}`} color={x.lead ? 'blue' : 'default'}>
                          {x.lead ? '分管' : '协管'}
                          {x.label}
                        </Tag>
                      ))}
                    </Space>
                  </div>
                ))}
                {s.keyTasks.length > 0 && (
                  <div style={{ marginBottom: 8 }}>
                    <Typography.Text strong>重点任务：</Typography.Text>
                    {s.keyTasks.map((t) => t.title).join('、')}
                  </div>
                )}
                {s.amendments.map((a) => (
                  <div key={`${a.effectiveOn}${a.createdAt}`} style={{ fontSize: 12 }}>
                    <Tag color="orange">{a.effectiveOn} 起调整</Tag>
                    {a.added.map((x) => `增：${x}`).join('；')}
                    {a.added.length && a.removed.length ? '；' : ''}
                    {a.removed.map((x) => `减：${x}`).join('；')}
                    <Typography.Text type="secondary">（记录于 {fmtTime(a.createdAt)}）</Typography.Text>
                  </div>
                ))}
              </div>
            ),
          }))}
        />
      )}
    </Card>
  );
}
