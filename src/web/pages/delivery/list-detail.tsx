import {
  CheckOutlined,
  DownloadOutlined,
  FormOutlined,
  PlusOutlined,
  RollbackOutlined,
  SendOutlined,
} from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Empty, Select, Space, Tag, Typography } from 'antd';
import { type ReactNode, useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { deliveryApi } from '../../../common/contracts/delivery.ts';
import { call } from '../../api/client.ts';
import { useErrorMessage } from '../../components/errors.ts';
import { fmtTime } from '../../components/format.ts';
import { downloadFile } from '../../components/import-modal.tsx';
import { BackLink, Page, RecordLoading, refusedRecord, retryUnlessRefused } from '../../components/page.tsx';
import { useDict } from '../org/org-options.ts';
import { AmendmentsTable } from './components/amendments-table.tsx';
import { CompletionChart } from './components/completion-chart.tsx';
import { ItemDrawer } from './components/item-form.tsx';
import { ItemsTable } from './components/items-table.tsx';
import { AmendModal, ReturnModal } from './components/list-actions.tsx';
import { ReportModal } from './components/report-modal.tsx';
import { type ItemView, LIST_STATUS_TAGS, type ListDetail, yearOptions } from './delivery-options.ts';

/**
 * One cadre's 年度干事清单 for a year: drawn up, submitted and confirmed here, amended once
 * confirmed, reported month by month. What the reader may do comes with the list (`can`).
 */
export default function ListDetailPage() {
  const { cadreId = '', year: yearParam = '' } = useParams();
  const year = Number(yearParam);
  const validYear = Number.isInteger(year) && year >= 2000 && year <= 2100;
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { message, modal } = App.useApp();
  const showError = useErrorMessage();
  const domains = useDict('domain');
  const domainName = useMemo(() => new Map(domains.map((d) => [d.value, d.label])), [domains]);

  const q = useQuery({
    queryKey: ['delivery', 'list', cadreId, year],
    enabled: validYear,
    queryFn: () => call(deliveryApi.list, { params: { cadreId, year } }),
    retry: retryUnlessRefused,
  });

  const [editing, setEditing] = useState<null | { item?: ItemView }>(null);
  const [returning, setReturning] = useState(false);
  const [amending, setAmending] = useState(false);
  const [reporting, setReporting] = useState<ItemView | null>(null);
  /** Each opening of the report dialog starts afresh, even while the last one is still closing. */
  const [reportRound, setReportRound] = useState(0);
  const [busy, setBusy] = useState<null | 'submit' | 'confirm' | 'export'>(null);

  const refresh = () => qc.invalidateQueries({ queryKey: ['delivery'] });

  const refused = refusedRecord(
    q.error,
    {
      title: '清单不存在',
      text: '该干部不存在，或链接有误。',
      back: '/delivery/lists',
      backLabel: '返回年度干事清单',
    },
    !validYear,
  );
  if (refused) return refused;

  const d = q.data;
  const list = d?.list ?? null;
  const status = list?.status ?? 'none';
  const can = d?.can;
  const activeItems = (d?.items ?? []).filter((i) => !i.withdrawnAt);

  const run = async (what: 'submit' | 'confirm', fn: () => Promise<unknown>, done: string) => {
    setBusy(what);
    try {
      await fn();
      message.success(done);
      await refresh();
    } catch (e) {
      showError(e);
    } finally {
      setBusy(null);
    }
  };
  const submit = () =>
    run(
      'submit',
      () => call(deliveryApi.submitList, { params: { cadreId, year } }),
      '已提交，等待组织部领导确认',
    );
  const confirm = (listId: string) =>
    modal.confirm({
      title: '确认这份干事清单？',
      content: '确认后清单锁定，此后只能由组织部门登记变更；干部按月填报进度。',
      okText: '确认',
      cancelText: '取消',
      onOk: () =>
        run('confirm', () => call(deliveryApi.confirmList, { params: { id: listId } }), '清单已确认'),
    });
  const exportXlsx = async () => {
    if (!d) return;
    setBusy('export');
    try {
      await downloadFile(
        `/api/delivery/lists/${cadreId}/${year}/export`,
        `干事清单-${d.cadre.name}-${year}.xlsx`,
      );
    } catch (e) {
      showError(e);
    } finally {
      setBusy(null);
    }
  };
  const removeItem = async (i: ItemView) => {
    try {
      await call(deliveryApi.removeItem, { params: { id: i.id } });
      message.success('已删除');
      await refresh();
    } catch (e) {
      showError(e);
    }
  };

  const addButton = can?.draft && (
    <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({})} data-testid="add-item">
      新增事项
    </Button>
  );

  return (
    <Page
      title="年度干事清单"
      subtitle={
        d?.own ? (
          '本人年度干事清单、月度填报与完成情况'
        ) : (
          <BackLink to={`/delivery/lists?year=${year}`}>返回清单一览</BackLink>
        )
      }
      permission="delivery.read"
      extra={
        d &&
        can && (
          <Space wrap>
            <Select
              style={{ width: 120 }}
              value={year}
              options={yearOptions(year)}
              onChange={(y) => navigate(`/delivery/lists/${cadreId}/${y}`)}
              data-testid="detail-year"
            />
            {list && (
              <Button
                icon={<DownloadOutlined />}
                loading={busy === 'export'}
                onClick={exportXlsx}
                data-testid="export-list"
              >
                导出 Excel
              </Button>
            )}
            {list && activeItems.length > 0 && addButton}
            {can.submit && (
              <Button
                icon={<SendOutlined />}
                loading={busy === 'submit'}
                onClick={submit}
                data-testid="submit-list"
              >
                提交确认
              </Button>
            )}
            {can.confirm && list && (
              <Button
                type="primary"
                icon={<CheckOutlined />}
                loading={busy === 'confirm'}
                onClick={() => confirm(list.id)}
                data-testid="confirm-list"
              >
                确认
              </Button>
            )}
            {can.return && (
              <Button
                danger
                icon={<RollbackOutlined />}
                onClick={() => setReturning(true)}
                data-testid="return-list"
              >
                退回
              </Button>
            )}
            {can.amend && (
              <Button icon={<FormOutlined />} onClick={() => setAmending(true)} data-testid="amend-list">
                登记变更
              </Button>
            )}
          </Space>
        )
      }
    >
      {!d ? (
        <RecordLoading error={q.error} />
      ) : (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <Card>
            <Space align="center" wrap style={{ marginBottom: 12 }}>
              <Typography.Title level={3} style={{ margin: 0 }} data-testid="list-cadre">
                <Link to={`/org/cadres/${d.cadre.id}`}>{d.cadre.name}</Link>
              </Typography.Title>
              <Typography.Text style={{ fontSize: 18 }}>{year} 年度干事清单</Typography.Text>
              <Tag color={LIST_STATUS_TAGS[status].color} data-testid="list-status">
                {LIST_STATUS_TAGS[status].label}
              </Tag>
            </Space>
            <Descriptions
              size="small"
              column={{ xs: 1, sm: 2, lg: 3 }}
              items={[
                { key: 'unit', label: '单位', children: d.cadre.unitName ?? '—' },
                { key: 'post', label: '职务', children: d.cadre.post ?? '—' },
                { key: 'items', label: '事项', children: list ? `${activeItems.length} 项` : '—' },
                ...(list?.submittedAt
                  ? [
                      {
                        key: 'submitted',
                        label: '提交',
                        children: (
                          <span data-testid="list-submitted">
                            {[list.submittedByName, fmtTime(list.submittedAt)].filter(Boolean).join('，')}
                          </span>
                        ),
                      },
                    ]
                  : []),
                ...(list?.status === 'confirmed'
                  ? [
                      {
                        key: 'confirmed',
                        label: '确认',
                        children: (
                          <span data-testid="list-confirmed">
                            {[list.confirmedByName, fmtTime(list.confirmedAt)].filter(Boolean).join('，')}
                          </span>
                        ),
                      },
                    ]
                  : []),
              ]}
            />
            <StateNotes d={d} outOfScope={activeItems.filter((i) => !i.inScope).length} />
          </Card>
          {!list || d.items.length === 0 ? (
            <Card>
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={`尚未制定 ${year} 年度干事清单`}
                data-testid="list-empty"
              >
                {addButton}
              </Empty>
            </Card>
          ) : (
            <>
              <Card title="加权完成度" size="small">
                <CompletionChart completion={d.completion} year={year} />
              </Card>
              <Card title="清单事项" size="small">
                <ItemsTable
                  items={d.items}
                  domainName={domainName}
                  progress={status === 'confirmed'}
                  onEdit={(item) => setEditing({ item })}
                  onRemove={removeItem}
                  onReport={(i) => {
                    setReportRound((n) => n + 1);
                    setReporting(i);
                  }}
                />
              </Card>
              {d.amendments.length > 0 && (
                <Card title="变更记录" size="small">
                  <AmendmentsTable amendments={d.amendments} domainName={domainName} />
                </Card>
              )}
            </>
          )}
        </Space>
      )}
      {d && (
        <ItemDrawer
          open={!!editing}
          item={editing?.item}
          cadreId={cadreId}
          year={year}
          onClose={() => setEditing(null)}
          onSaved={async (created) => {
            setEditing(null);
            message.success(created ? '已新增事项' : '已保存');
            await refresh();
          }}
        />
      )}
      {list && (
        <>
          <ReturnModal
            open={returning}
            listId={list.id}
            onClose={() => setReturning(false)}
            onDone={async () => {
              setReturning(false);
              message.success('已退回修改');
              await refresh();
            }}
          />
          <AmendModal
            open={amending}
            listId={list.id}
            items={activeItems}
            onClose={() => setAmending(false)}
            onDone={async () => {
              setAmending(false);
              message.success('已登记变更');
              await refresh();
            }}
          />
        </>
      )}
      <ReportModal
        item={reporting}
        round={reportRound}
        year={year}
        closed={d?.closedMonths ?? []}
        onClose={() => setReporting(null)}
        onReported={refresh}
      />
    </Page>
  );
}

/** What the state of the list means for the reader, in a sentence or two. */
function StateNotes({ d, outOfScope }: { d: ListDetail; outOfScope: number }) {
  const status = d.list?.status ?? 'none';
  // The return that sent the list back to draft, if it was the last thing to happen.
  const returned = status === 'draft' && d.amendments[0]?.kind === 'return' ? d.amendments[0] : null;
  const notes: ReactNode[] = [];
  if (returned)
    notes.push(
      <Alert
        key="returned"
        type="warning"
        showIcon
        title={`${returned.createdByName ?? '组织部领导'}于 ${fmtTime(returned.createdAt)} 退回修改`}
        description={returned.reason}
        data-testid="returned-note"
      />,
    );
  if (status === 'submitted' && d.own)
    notes.push(
      <Alert
        key="self"
        type="info"
        showIcon
        title="这是您本人的干事清单，已提交，须由其他组织部领导确认（本人不能确认本人的清单）。"
        data-testid="self-confirm-note"
      />,
    );
  else if (status === 'submitted' && !d.can.confirm)
    notes.push(<Alert key="wait" type="info" showIcon title="清单已提交，等待组织部领导确认。" />);
  if (status === 'draft' && d.can.draft)
    notes.push(
      <Alert
        key="draft"
        type="info"
        showIcon
        title="清单为草稿：事项可以修改、删除；填写完毕后点击「提交确认」，由组织部领导确认后锁定。"
      />,
    );
  if (outOfScope > 0)
    notes.push(
      <Alert
        key="scope"
        type="warning"
        showIcon
        title={`有 ${outOfScope} 项不在本人班子分工的分管领域内，请核实事项的领域或分工。`}
      />,
    );
  if (!notes.length) return null;
  return (
    <Space orientation="vertical" style={{ width: '100%', marginTop: 12 }}>
      {notes}
    </Space>
  );
}
