import { useQuery } from '@tanstack/react-query';
import { Card, Col, Empty, Row, Skeleton, Statistic, Typography } from 'antd';
import { useNavigate } from 'react-router';
import { systemApi } from '../../../common/contracts/system.ts';
import { call } from '../../api/client.ts';
import { useSession } from '../../auth/session.tsx';
import { fmtTime } from '../../components/format.ts';
import { Page } from '../../components/page.tsx';

export default function HomePage() {
  const { me } = useSession();
  const nav = useNavigate();
  const q = useQuery({
    queryKey: ['overview'],
    queryFn: () => call(systemApi.overview),
    refetchInterval: 15_000,
  });
  return (
    <Page
      title={`您好，${me?.user.displayName ?? ''}`}
      subtitle={
        q.data
          ? `数字截至 ${fmtTime(q.data.asOf)}，数据有变动后重新计算（页面每 15 秒刷新）；点击卡片查看明细。`
          : '点击卡片查看明细。'
      }
    >
      {q.isLoading ? (
        <Skeleton active />
      ) : !q.data?.cards.length ? (
        <Card>
          <Empty description="您的角色暂无可显示的统计" />
        </Card>
      ) : (
        <Row gutter={[16, 16]}>
          {q.data.cards.map((c) => (
            <Col key={c.key} xs={24} sm={12} lg={8} xl={6}>
              <Card hoverable={!!c.link} onClick={() => c.link && nav(c.link)} data-testid={`card-${c.key}`}>
                <Statistic title={c.title} value={c.value} suffix={c.suffix} />
                {c.hint && <Typography.Text type="secondary">{c.hint}</Typography.Text>}
              </Card>
            </Col>
          ))}
        </Row>
      )}
    </Page>
  );
}
