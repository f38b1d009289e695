import { PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import type { WireOf } from '../../../../common/api.ts';
import { orgApi } from '../../../../common/contracts/org.ts';
import { call } from '../../../api/client.ts';
import { errorText } from '../../../components/errors.ts';
import type { CadreItem, UnitItem } from '../org-options.ts';
import { DivisionEditor } from './division-editor.tsx';
import { DivisionView } from './division-view.tsx';
import { periodText, versionState } from './versions.ts';

export type DivisionVersion = WireOf<typeof orgApi.listDivisions>['items'][number];

/** 班子分工 of a unit: its versions, the chosen one in full, and a new version where the unit allows. */
export function DivisionTab(props: { unit: UnitItem; cadres: CadreItem[]; cadresLoading: boolean }) {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [params, setParams] = useSearchParams();
  const [editing, setEditing] = useState(false);
  const history = useQuery({
    queryKey: ['org', 'divisions', props.unit.id],
    queryFn: () => call(orgApi.listDivisions, { params: { id: props.unit.id } }),
    retry: false,
  });
  const versions = history.data?.items ?? [];
  const current = versions.find((v) => versionState(v) === 'current') ?? versions[0];
  const chosen = params.get('version');
  const selectedId = versions.some((v) => v.id === chosen) ? chosen! : current?.id;
  const choose = (id: string) =>
    setParams(
      (p) => {
        p.set('tab', 'division');
        p.set('version', id);
        return p;
      },
      { replace: true },
    );

  if (history.isError) return <Alert type="warning" showIcon title={errorText(history.error)} />;

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: 12 }}>
        <Typography.Text type="secondary">
          每次调整分工都生成一个新版本；考核时按当日有效的版本确定干部的职责范围。
        </Typography.Text>
        {props.unit.can.division && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setEditing(true)}
            disabled={history.isLoading || props.cadresLoading}
            data-testid="new-division"
          >
            新增分工版本
          </Button>
        )}
      </div>
      <Table<DivisionVersion>
        rowKey="id"
        size="small"
        loading={history.isLoading}
        dataSource={versions}
        pagination={versions.length > 10 ? { pageSize: 10, showTotal: (t) => `共 ${t} 版` } : false}
        data-testid="division-history"
        scroll={{ x: 720 }}
        locale={{ emptyText: '尚未记录班子分工' }}
        rowSelection={{
          type: 'radio',
          selectedRowKeys: selectedId ? [selectedId] : [],
          onChange: (keys) => keys[0] && choose(String(keys[0])),
          columnWidth: 36,
        }}
        onRow={(v) => ({ onClick: () => choose(v.id), style: { cursor: 'pointer' } })}
        columns={[
          {
            title: '版本',
            dataIndex: 'version',
            width: 120,
            render: (n: number, v) => {
              const st = versionState(v);
              return (
                <Space size={4}>
                  <span>第{n}版</span>
                  {st === 'current' && <Tag color="green">现行</Tag>}
                  {st === 'pending' && <Tag color="blue">待生效</Tag>}
                </Space>
              );
            },
          },
          {
            title: '有效期',
            width: 200,
            render: (_, v) => <span style={{ whiteSpace: 'nowrap' }}>{periodText(v)}</span>,
          },
          {
            title: '文号',
            dataIndex: 'docNo',
            width: 180,
            ellipsis: { showTitle: true },
            render: (x: string | null) => x || '—',
          },
          {
            title: '调整原因',
            dataIndex: 'reason',
            ellipsis: { showTitle: true },
            render: (x: string | null) => x || '—',
          },
          { title: '人数', dataIndex: 'members', width: 64, render: (n: number) => `${n} 人` },
        ]}
      />
      {selectedId && <DivisionView id={selectedId} />}
      {editing && (
        <DivisionEditor
          unit={props.unit}
          cadres={props.cadres}
          base={current ?? null}
          sentForReview={history.data?.sentForReview ?? false}
          onClose={() => setEditing(false)}
          onCreated={(d) => {
            setEditing(false);
            message.success(
              `已记录第${d.version}版班子分工${d.sentForReview ? '，组织部将收到查阅提醒' : ''}`,
            );
            qc.invalidateQueries({ queryKey: ['org', 'divisions', props.unit.id] });
            qc.invalidateQueries({ queryKey: ['org', 'cadres'] });
            choose(d.id);
          }}
        />
      )}
    </Space>
  );
}
