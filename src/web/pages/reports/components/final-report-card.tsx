import { FileDoneOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Empty, Space, Typography } from 'antd';
import { Link } from 'react-router';
import { reportsApi } from '../../../../common/contracts/reports.ts';
import { call } from '../../../api/client.ts';
import { useSession } from '../../../auth/session.tsx';
import { errorText } from '../../../components/errors.ts';
import { fmtTime } from '../../../components/format.ts';
import { Downloads } from './downloads.tsx';

/**
 * The cadre's latest final 考察材料, to stand beside a promotion proposal (the quadrant decision
 * page mounts it with the decision's cadre): a link to it and its Word and PDF files.
 */
export function FinalReportCard(props: { cadreId: string }) {
  const { can } = useSession();
  const allowed = can('reports.read');
  const q = useQuery({
    queryKey: ['reports', 'final', props.cadreId],
    queryFn: () => call(reportsApi.latestFinal, { params: { cadreId: props.cadreId } }),
    enabled: allowed,
  });
  if (!allowed) return null;
  const r = q.data?.report;
  return (
    <Card
      size="small"
      title={
        <Space>
          <FileDoneOutlined />
          干部考察材料
        </Space>
      }
      data-testid="final-report-card"
    >
      {q.isError && <Alert type="error" showIcon title={errorText(q.error)} />}
      {q.data && !r && (
        <Empty
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          description={
            <span>
              尚无定稿的考察材料，<Link to={`/reports?cadreId=${props.cadreId}`}>去起草</Link>
            </span>
          }
        />
      )}
      {r && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Link to={`/reports/cadre-reports/${r.id}`}>
            {r.cadre.name}同志考察材料（{r.from} 至 {r.to}，第 {r.version} 版定稿）
          </Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            最后修改：{r.updated.byName ?? '—'} · {fmtTime(r.updated.at)}
          </Typography.Text>
          <Downloads
            url={`/api/reports/cadre-reports/${r.id}/download`}
            query={{}}
            name={`${r.cadre.name}同志考察材料`}
            formats={['docx', 'pdf']}
            pdf={q.data?.pdf ?? false}
          />
        </Space>
      )}
    </Card>
  );
}
