import { Card, Tag, Timeline, Typography } from 'antd';
import type { WireOf } from '../../../../common/api.ts';
import type { reportsApi } from '../../../../common/contracts/reports.ts';
import { fmtTime } from '../../../components/format.ts';

type Report = WireOf<(typeof reportsApi)['report']>;

/** Every version with who saved it and when; one is shown at a time. */
export function VersionHistory(props: { report: Report; onShow: (version: number) => void }) {
  const r = props.report;
  return (
    <Card title="版本记录" size="small" data-testid="version-history">
      <Timeline
        items={r.versions.map((v) => ({
          color: v.version === r.shown ? 'blue' : 'gray',
          children: (
            <div data-testid={`version-${v.version}`}>
              <Typography.Link onClick={() => props.onShow(v.version)} strong={v.version === r.shown}>
                第 {v.version} 版
              </Typography.Link>
              {v.version === r.version && r.status === 'final' && (
                <Tag color="green" style={{ marginLeft: 8 }}>
                  定稿
                </Tag>
              )}
              <div>{v.note}</div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {v.created.byName ?? '—'} · {fmtTime(v.created.at)} · {v.statements} 条表述
              </Typography.Text>
            </div>
          ),
        }))}
      />
      {r.finalised && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          定稿：{r.finalised.byName ?? '—'} · {fmtTime(r.finalised.at)}
        </Typography.Text>
      )}
      {r.releasedInfo && (
        <div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            发布：{r.releasedInfo.byName ?? '—'} · {fmtTime(r.releasedInfo.at)}
          </Typography.Text>
        </div>
      )}
    </Card>
  );
}
