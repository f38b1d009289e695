import { LockOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, Empty, Row, Skeleton, Space, Typography } from 'antd';
import { sceneApi } from '../../../common/contracts/scene.ts';
import { call } from '../../api/client.ts';
import { useSession } from '../../auth/session.tsx';
import { errorText } from '../../components/errors.ts';
import { fmtDate } from '../../components/format.ts';
import { Page } from '../../components/page.tsx';
import { EvidenceGallery } from '../delivery/evidence-photos.tsx';
import { KindTag, RatingLines } from './scene-bits.tsx';
import { OBSERVATION_OWNER } from './scene-options.ts';

export default function MySceneObservationsPage() {
  const { can } = useSession();
  const q = useQuery({
    queryKey: ['scene', 'mine'],
    queryFn: () => call(sceneApi.mine),
    select: (d) => d.items,
    enabled: can('scene.self'),
  });
  return (
    <Page
      title="我的现场考察"
      subtitle="组织部门在会议、急难险重任务等现场对您的考察记录。评分和观察记录经组织部领导公开后可见。"
      permission="scene.self"
    >
      {q.isError && <Alert type="error" showIcon title={errorText(q.error)} style={{ marginBottom: 16 }} />}
      {q.isLoading ? (
        <Card>
          <Skeleton active />
        </Card>
      ) : !q.data?.length ? (
        q.isError ? null : (
          <Card>
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无现场考察记录" />
          </Card>
        )
      ) : (
        <Row gutter={[16, 16]} data-testid="my-observations">
          {q.data.map((o) => (
            <Col key={o.id} xs={24} xl={12}>
              <Card
                size="small"
                title={o.activityTitle}
                extra={<Typography.Text type="secondary">{o.startsOn}</Typography.Text>}
                style={{ height: '100%' }}
                data-testid="my-observation"
              >
                <Space orientation="vertical" size={10} style={{ width: '100%' }}>
                  <KindTag kind={o.kind} />
                  {o.releasedAt && o.ratings && o.dimensions ? (
                    <>
                      <RatingLines dims={o.dimensions} ratings={o.ratings} />
                      <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>
                        {o.notes}
                      </Typography.Paragraph>
                      <EvidenceGallery ownerType={OBSERVATION_OWNER} ownerId={o.id} size={72} />
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        公开于 {fmtDate(o.releasedAt)}
                      </Typography.Text>
                    </>
                  ) : (
                    <Typography.Text type="secondary" data-testid="my-observation-pending">
                      <LockOutlined /> {o.pending ?? '考察记录尚未向本人公开'}
                    </Typography.Text>
                  )}
                </Space>
              </Card>
            </Col>
          ))}
        </Row>
      )}
    </Page>
  );
}
