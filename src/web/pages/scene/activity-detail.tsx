import { EditOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Space } from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router';
import { sceneApi } from '../../../common/contracts/scene.ts';
import { call } from '../../api/client.ts';
import { useSession } from '../../auth/session.tsx';
import {
  BackLink,
  Forbidden,
  Page,
  RecordLoading,
  refusedRecord,
  retryUnlessRefused,
} from '../../components/page.tsx';
import { ActivityModal } from './activity-form.tsx';
import { InfoCard } from './components/info-card.tsx';
import { NominationsCard } from './components/nominations-card.tsx';
import { ObservationsCard } from './components/observations-card.tsx';
import { RankingCard } from './components/ranking-card.tsx';

/**
 * One activity: what it was; the observations of a meeting or inspection (calibrated for the
 * observers' leniency where that can be measured) or an event's score sheets and ranking
 * (calibrated for the judges'); and the nominations of 担当作为突出 it gave rise to.
 */
export default function ActivityDetailPage() {
  const { id = '' } = useParams();
  const { can } = useSession();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [editing, setEditing] = useState(false);
  const q = useQuery({
    queryKey: ['scene', 'activity', id],
    queryFn: () => call(sceneApi.get, { params: { id } }),
    retry: retryUnlessRefused,
    enabled: can('scene.read'),
  });
  if (!can('scene.read')) return <Forbidden />;
  const refused = refusedRecord(q.error, {
    title: '活动不存在',
    text: '该现场考察活动不存在，或不在您的查看范围内。',
    back: '/scene/activities',
    backLabel: '返回现场考察活动',
  });
  if (refused) return refused;
  const a = q.data;
  const refresh = () => qc.invalidateQueries({ queryKey: ['scene'] });
  return (
    <Page
      title={a?.title ?? '现场考察活动'}
      subtitle={<BackLink to="/scene/activities">返回现场考察活动</BackLink>}
      extra={
        a?.can.update && (
          <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="activity-edit">
            修改活动
          </Button>
        )
      }
    >
      {!a ? (
        <RecordLoading error={q.error} />
      ) : (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <InfoCard a={a} />
          {a.kind === 'event' ? (
            <RankingCard a={a} onChanged={refresh} />
          ) : (
            <ObservationsCard a={a} onChanged={refresh} />
          )}
          <NominationsCard a={a} onChanged={refresh} />
        </Space>
      )}
      {a && (
        <ActivityModal
          open={editing}
          activity={a}
          onClose={() => setEditing(false)}
          onDone={() => {
            setEditing(false);
            message.success('活动已修改');
            refresh();
          }}
        />
      )}
    </Page>
  );
}
