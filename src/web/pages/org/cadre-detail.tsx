import {
  CommentOutlined,
  LogoutOutlined,
  ProfileOutlined,
  SwapOutlined,
  UserSwitchOutlined,
} from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Descriptions, Empty, Space, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { orgApi } from '../../../common/contracts/org.ts';
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
import { ChangePostModal, RetireModal, TransferModal } from './components/cadre-actions.tsx';
import { AppointmentsTab, dash, ResponsibilitiesTab, TimelineTab } from './components/cadre-tabs.tsx';
import { birthText, CADRE_STATUS_LABELS, type CadreDetail, TEAM_PLACE_COLORS } from './org-options.ts';

/**
 * 干部详情: a cadre's data, responsibilities, appointments, timeline and résumé. Also a cadre's
 * own 我的档案 (`mine`), where it opens on the cadre's own record.
 */
export default function CadreDetailPage(props: { id?: string; mine?: boolean }) {
  const params = useParams();
  const id = props.id ?? params.id ?? '';
  const { can } = useSession();
  const [action, setAction] = useState<null | 'transfer' | 'post' | 'retire'>(null);
  const q = useQuery({
    queryKey: ['org', 'cadre', id],
    queryFn: () => call(orgApi.getCadre, { params: { id } }),
    retry: retryUnlessRefused,
  });

  if (!can('org.read')) return <Forbidden />;
  const refused = refusedRecord(q.error, {
    title: '干部不存在',
    text: '该干部档案不存在，或链接有误。',
    back: '/org/cadres',
    backLabel: '返回干部名册',
  });
  if (refused) return refused;
  const c = q.data;
  const manage = !!c?.can.appoint;

  return (
    <Page
      title={props.mine ? '我的档案' : '干部详情'}
      subtitle={props.mine ? undefined : <BackLink to="/org/cadres">返回干部名册</BackLink>}
      extra={
        (manage || can('opinion.read') || can('profile.read')) && (
          <Space wrap>
            {can('profile.read') && (
              <Link to={`/profile/${id}`}>
                <Button icon={<ProfileOutlined />} data-testid="profile-link">
                  干部画像
                </Button>
              </Link>
            )}
            {can('opinion.read') && (
              <Link to={`/opinion/profiles/${id}`}>
                <Button icon={<CommentOutlined />} data-testid="opinion-profile-link">
                  口碑档案
                </Button>
              </Link>
            )}
            {manage && (
              <>
                <Button
                  type="primary"
                  icon={<SwapOutlined />}
                  onClick={() => setAction('transfer')}
                  data-testid="transfer-button"
                >
                  调动
                </Button>
                <Button
                  icon={<UserSwitchOutlined />}
                  onClick={() => setAction('post')}
                  data-testid="post-button"
                >
                  职务变动
                </Button>
                <Button
                  danger
                  icon={<LogoutOutlined />}
                  onClick={() => setAction('retire')}
                  data-testid="retire-button"
                >
                  退休/离任
                </Button>
              </>
            )}
          </Space>
        )
      }
    >
      {!c ? (
        <RecordLoading error={q.error} />
      ) : (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <CadreHeader c={c} />
          <Card styles={{ body: { paddingTop: 4 } }}>
            <Tabs
              items={[
                {
                  key: 'resp',
                  label: '职责范围',
                  children: <ResponsibilitiesTab id={c.id} />,
                },
                { key: 'appointments', label: '任免经历', children: <AppointmentsTab id={c.id} /> },
                ...(c.can.timeline
                  ? [{ key: 'timeline', label: '时间轴', children: <TimelineTab id={c.id} /> }]
                  : []),
                {
                  key: 'resume',
                  label: '简历',
                  children: c.resume?.trim() ? (
                    <Typography.Paragraph
                      style={{ whiteSpace: 'pre-wrap', marginBottom: 0, lineHeight: 1.9 }}
                      data-testid="cadre-resume"
                    >
                      {c.resume}
                    </Typography.Paragraph>
                  ) : (
                    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无" />
                  ),
                },
              ]}
            />
          </Card>
        </Space>
      )}
      {c && manage && (
        <>
          <TransferModal c={c} open={action === 'transfer'} onClose={() => setAction(null)} />
          <ChangePostModal c={c} open={action === 'post'} onClose={() => setAction(null)} />
          <RetireModal c={c} open={action === 'retire'} onClose={() => setAction(null)} />
        </>
      )}
    </Page>
  );
}

function CadreHeader({ c }: { c: CadreDetail }) {
  return (
    <Card>
      <Space align="center" wrap style={{ marginBottom: 16 }}>
        <Typography.Title level={3} style={{ margin: 0 }} data-testid="cadre-name">
          {c.name}
        </Typography.Title>
        {c.teamPlace && <Tag color={TEAM_PLACE_COLORS[c.teamPlace]}>{c.teamPlace}</Tag>}
        {c.young && <Tag color="green">年轻干部</Tag>}
        {c.status !== 'active' && <Tag color="default">{CADRE_STATUS_LABELS[c.status] ?? c.status}</Tag>}
        {c.tags.map((t) => (
          <Tag key={t} color="purple">
            {t}
          </Tag>
        ))}
      </Space>
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2, lg: 3, xxl: 4 }}
        items={[
          { key: 'sex', label: '性别', children: c.sex },
          { key: 'birth', label: '出生年月', children: `${birthText(c)}（${c.age} 岁）` },
          { key: 'ethnicity', label: '民族', children: dash(c.ethnicity) },
          {
            key: 'unit',
            label: '单位',
            children: c.unitId ? <Link to={`/org/units/${c.unitId}`}>{c.unitName}</Link> : '—',
          },
          { key: 'post', label: '职务', children: dash(c.post) },
          { key: 'teamPlace', label: '班子位置', children: dash(c.teamPlace) },
          { key: 'rank', label: '职级', children: dash(c.rankName) },
          { key: 'roleType', label: '角色类型', children: dash(c.roleTypeName) },
          { key: 'education', label: '学历', children: dash(c.education) },
          { key: 'code', label: '人员编号', children: c.code },
          {
            key: 'domains',
            label: '分管领域',
            children: c.domains.length ? (
              <Space size={[4, 4]} wrap>
                {c.domains.map((d) => (
                  <Tag key={d} color="blue">
                    {d}
                  </Tag>
                ))}
              </Space>
            ) : (
              '—'
            ),
          },
        ]}
      />
    </Card>
  );
}
