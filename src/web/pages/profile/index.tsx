import { FileTextOutlined, PrinterOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Select, Skeleton, Space, Tag } from 'antd';
import { Link, useParams, useSearchParams } from 'react-router';
import { profileApi } from '../../../common/contracts/profile.ts';
import { call } from '../../api/client.ts';
import { useSession } from '../../auth/session.tsx';
import { errorText } from '../../components/errors.ts';
import { Page } from '../../components/page.tsx';
import { SectionCard } from './components/section-card.tsx';

const VIEWER_LABELS = {
  department: '组织部视图',
  self: '本人视图（仅已发布内容）',
  unit: '单位视图（清单、交付与整改）',
};

/** 干部画像: everything the platform holds about one cadre for a year, each figure linked to its record. */
export default function ProfilePage() {
  const { can } = useSession();
  const { cadreId } = useParams();
  const [params, setParams] = useSearchParams();
  const year = params.get('year') ? Number(params.get('year')) : undefined;
  const q = useQuery({
    queryKey: ['profile', cadreId, year],
    queryFn: () => call(profileApi.cadre, { params: { id: cadreId! }, query: { year } }),
  });
  const d = q.data;
  return (
    <Page
      title={d ? `${d.cadre.name}的干部画像` : '干部画像'}
      subtitle={d ? `${d.year} 年度 · ${VIEWER_LABELS[d.viewer]}` : undefined}
      permission="profile.read"
      extra={
        d && (
          <Space className="profile-no-print">
            <Select
              value={d.year}
              style={{ width: 120 }}
              options={d.years.map((y) => ({ value: y, label: `${y} 年度` }))}
              onChange={(y) => setParams({ year: String(y) })}
              data-testid="profile-year"
            />
            {can('reports.draft') && (
              <Link to={`/reports?cadreId=${d.cadre.id}`}>
                <Button icon={<FileTextOutlined />}>考察材料</Button>
              </Link>
            )}
            <Button icon={<PrinterOutlined />} onClick={() => window.print()}>
              打印
            </Button>
          </Space>
        )
      }
    >
      <style>{PRINT_CSS}</style>
      {q.isLoading && <Skeleton active />}
      {q.isError && <Alert type="error" showIcon title={errorText(q.error)} />}
      {d && (
        <div className="profile-root" data-testid="profile">
          <Card size="small" style={{ marginBottom: 16 }} className="profile-head">
            <Descriptions
              size="small"
              column={{ xs: 1, md: 4 }}
              items={[
                { label: '姓名', children: d.cadre.name },
                { label: '单位', children: d.cadre.unitName ?? '—' },
                { label: '职务', children: d.cadre.post ?? '—' },
                {
                  label: '职级',
                  children: (
                    <>
                      {d.cadre.rankName ?? '—'}
                      {d.cadre.status !== 'active' && <Tag style={{ marginLeft: 8 }}>已离任</Tag>}
                    </>
                  ),
                },
              ]}
            />
          </Card>
          {d.sections.map((s) => (
            <SectionCard key={s.key} section={s} />
          ))}
        </div>
      )}
    </Page>
  );
}

/** Printing: only the profile, sections kept whole where they fit, rows never split. */
const PRINT_CSS = `
@media print {
  @page { size: A4; margin: 12mm; }
  .ant-layout-sider, .ant-layout-header, .ant-alert-banner, .profile-no-print { display: none !important; }
  .ant-layout, .ant-layout-content, body { background: #fff !important; margin: 0 !important; }
  .profile-section { break-inside: avoid-page; page-break-inside: avoid; }
  .profile-section .ant-card-head { break-after: avoid; page-break-after: avoid; }
  .profile-section tr { break-inside: avoid; page-break-inside: avoid; }
  .ant-card { box-shadow: none !important; }
}
`;
