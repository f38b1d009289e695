import { CheckCircleOutlined, EditOutlined, SendOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Descriptions, Input, Modal, Row, Skeleton, Space } from 'antd';
import { useState } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { reportsApi } from '../../../common/contracts/reports.ts';
import { call } from '../../api/client.ts';
import { errorText, useErrorMessage } from '../../components/errors.ts';
import { fmtTime } from '../../components/format.ts';
import { BackLink, Page, retryUnlessRefused } from '../../components/page.tsx';
import { Downloads } from './components/downloads.tsx';
import {
  type EditSection,
  fromEditable,
  SectionsEditor,
  SectionsView,
  toEditable,
} from './components/sections.tsx';
import { StatusTag } from './components/status-tag.tsx';
import { VersionHistory } from './components/version-history.tsx';

/** A cadre's 考察材料: read, edit (a new version), finalise (a leader, locked), release, download. */
export default function ReportPage() {
  const { id } = useParams();
  const [params, setParams] = useSearchParams();
  const version = Number(params.get('version')) || undefined;
  const { modal, message } = App.useApp();
  const fail = useErrorMessage();
  const qc = useQueryClient();
  const [editing, setEditing] = useState<EditSection[] | null>(null);
  const [saving, setSaving] = useState(false);
  const [note, setNote] = useState('');
  const q = useQuery({
    queryKey: ['reports', 'report', id, version],
    queryFn: () => call(reportsApi.report, { params: { id: id! }, query: { version } }),
    retry: retryUnlessRefused,
  });
  const done = (text: string) => {
    message.success(text);
    qc.invalidateQueries({ queryKey: ['reports'] });
  };
  const save = useMutation({
    mutationFn: () =>
      call(reportsApi.edit, {
        params: { id: id! },
        body: { sections: fromEditable(editing!), note, baseVersion: q.data!.version },
      }),
    onSuccess: () => {
      setEditing(null);
      setSaving(false);
      setNote('');
      setParams({});
      done('已保存为新版本');
    },
    onError: fail,
  });
  const finalise = useMutation({
    mutationFn: () => call(reportsApi.finalise, { params: { id: id! }, body: { confirm: true } }),
    onSuccess: () => done('已定稿'),
    onError: fail,
  });
  const release = useMutation({
    mutationFn: () => call(reportsApi.release, { params: { id: id! } }),
    onSuccess: () => done('已向本人发布'),
    onError: fail,
  });
  const r = q.data;
  if (q.isError)
    return (
      <Page title="考察材料" permission="reports.read">
        <Alert type="error" showIcon title={errorText(q.error)} />
      </Page>
    );
  if (!r)
    return (
      <Page title="考察材料" permission="reports.read">
        <Card>
          <Skeleton active />
        </Card>
      </Page>
    );
  const latest = r.shown === r.version;
  return (
    <Page
      title={`${r.cadre.name}同志考察材料`}
      subtitle={<BackLink to="/reports">考察材料</BackLink>}
      permission="reports.read"
      extra={
        <Space wrap>
          {editing ? (
            <>
              <Button onClick={() => setEditing(null)}>取消修改</Button>
              <Button type="primary" onClick={() => setSaving(true)} data-testid="report-save">
                保存为新版本
              </Button>
            </>
          ) : (
            <>
              {r.can.edit && latest && (
                <Button
                  icon={<EditOutlined />}
                  onClick={() => setEditing(toEditable(r.sections))}
                  data-testid="report-edit"
                >
                  修改
                </Button>
              )}
              {r.can.finalise && latest && (
                <Button
                  type="primary"
                  icon={<CheckCircleOutlined />}
                  loading={finalise.isPending}
                  data-testid="report-finalise"
                  onClick={() =>
                    modal.confirm({
                      title: `定稿第 ${r.version} 版？`,
                      content: '定稿后考察材料锁定，任何人不能再修改；可作为提拔动议的附件。',
                      okText: '确认定稿',
                      cancelText: '取消',
                      onOk: () => finalise.mutateAsync(),
                    })
                  }
                >
                  定稿
                </Button>
              )}
              {r.can.release && (
                <Button
                  icon={<SendOutlined />}
                  loading={release.isPending}
                  onClick={() => release.mutate()}
                  data-testid="report-release"
                >
                  向本人发布
                </Button>
              )}
              <Downloads
                url={`/api/reports/cadre-reports/${r.id}/download`}
                query={{ version: r.shown }}
                name={`${r.cadre.name}同志考察材料`}
                formats={['docx', 'pdf']}
                pdf={r.pdf}
                testId="report-download"
              />
            </>
          )}
        </Space>
      }
    >
      <Row gutter={16}>
        <Col xs={24} lg={17}>
          <Card>
            <Descriptions size="small" column={2} style={{ marginBottom: 16 }}>
              <Descriptions.Item label="单位职务">
                {[r.cadre.unitName, r.cadre.post].filter(Boolean).join(' ') || '—'}
              </Descriptions.Item>
              <Descriptions.Item label="考察期">
                {r.from} 至 {r.to}
              </Descriptions.Item>
              <Descriptions.Item label="状态">
                <span data-testid="report-status">
                  <StatusTag status={r.status} released={r.released} />
                </span>
              </Descriptions.Item>
              <Descriptions.Item label="起草">
                {r.created.byName ?? '—'} · {fmtTime(r.created.at)}
              </Descriptions.Item>
            </Descriptions>
            {!latest && (
              <Alert
                type="warning"
                showIcon
                style={{ marginBottom: 16 }}
                title={`正在查看第 ${r.shown} 版（历史版本），最新为第 ${r.version} 版`}
                action={
                  <Button size="small" onClick={() => setParams({})}>
                    查看最新版
                  </Button>
                }
              />
            )}
            {r.status === 'final' && latest && (
              <Alert type="success" showIcon style={{ marginBottom: 16 }} title="已定稿，考察材料已锁定" />
            )}
            {editing ? (
              <SectionsEditor sections={editing} onChange={setEditing} />
            ) : (
              <SectionsView sections={r.sections} />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={7}>
          <VersionHistory
            report={r}
            onShow={(v) => setParams(v === r.version ? {} : { version: String(v) })}
          />
        </Col>
      </Row>
      <Modal
        open={saving}
        title="保存为新版本"
        okText="保存"
        cancelText="取消"
        onCancel={() => setSaving(false)}
        onOk={() => save.mutate()}
        confirmLoading={save.isPending}
        okButtonProps={{ disabled: note.trim().length < 2, 'data-testid': 'report-save-ok' } as never}
      >
        <Input.TextArea
          placeholder="说明本次修改（如：补充谈话情况）"
          value={note}
          maxLength={500}
          onChange={(e) => setNote(e.target.value)}
          data-testid="report-note"
        />
      </Modal>
    </Page>
  );
}
