import {
  DownloadOutlined,
  ExclamationCircleOutlined,
  PrinterOutlined,
  RedoOutlined,
  SendOutlined,
} from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Modal, Pagination, Select, Space, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { pathOf } from '../../../common/api.ts';
import { opinionApi } from '../../../common/contracts/opinion.ts';
import { call } from '../../api/client.ts';
import { errorText } from '../../components/errors.ts';
import { downloadFile } from '../../components/import-modal.tsx';
import { QrCode } from '../../components/qr-code.tsx';
import {
  ballotUrl,
  type CampaignView,
  groupLabel,
  type LinkView,
  labelFilter,
  type RaterGroup,
  type Slip,
} from './opinion-options.ts';
import { PrintSheet } from './print-sheet.tsx';

/** 发放评价码: issuing personal links as printable slips with QR codes. */

// ——— issuing ———

export function IssueCard(props: { c: CampaignView; links: LinkView[]; enabled: Set<RaterGroup> }) {
  const { c, links, enabled } = props;
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const [unitId, setUnitId] = useState<string | undefined>();
  const [group, setGroup] = useState<RaterGroup | undefined>();
  const [busy, setBusy] = useState<'issue' | 'reissue' | null>(null);
  const [slips, setSlips] = useState<Slip[] | null>(null);
  const personal = links.filter(
    (l) =>
      l.kind === 'personal' &&
      !l.revoked &&
      !l.used &&
      (!unitId || l.unitId === unitId) &&
      (!group || l.group === group),
  );
  const toIssue = personal.filter((l) => !l.issued).length;
  const toRemind = personal.filter((l) => l.issued).length;
  const where = [
    unitId ? c.units.find((u) => u.id === unitId)?.name : '全部单位',
    group ? groupLabel(group) : '全部评价者组',
  ].join('、');

  const issue = (reissue: boolean) =>
    modal.confirm({
      title: reissue ? '补发提醒单？' : '发放评价链接？',
      icon: <ExclamationCircleOutlined />,
      content: reissue ? (
        <div>
          <p>
            为{where}已发放但尚未使用的 <b>{toRemind}</b> 个链接重新生成提醒单。
          </p>
          <p style={{ marginBottom: 0 }}>原发放单上的链接将立即失效，请收回或告知评价者以新单为准。</p>
        </div>
      ) : (
        <div>
          <p>
            为{where}尚未发放的 <b>{toIssue}</b> 个链接生成一次性评价链接。
          </p>
          <p style={{ marginBottom: 0 }}>
            链接只在接下来的发放单上显示这一次（服务器只保存其摘要），请立即打印或下载。
          </p>
        </div>
      ),
      okText: reissue ? '补发' : '发放',
      cancelText: '取消',
      okButtonProps: { 'data-testid': 'issue-ok' } as never,
      onOk: async () => {
        setBusy(reissue ? 'reissue' : 'issue');
        try {
          const r = await call(opinionApi.issueLinks, {
            params: { id: c.id },
            body: { unitId, group, reissue },
          });
          await qc.invalidateQueries({ queryKey: ['opinion'] });
          if (r.slips.length === 0) message.info('没有需要发放的链接');
          else setSlips(r.slips);
        } catch (e) {
          message.error(errorText(e));
        } finally {
          setBusy(null);
        }
      },
    });

  return (
    <Card
      size="small"
      title={
        <Space>
          <SendOutlined />
          发放评价链接
        </Space>
      }
      data-testid="issue-card"
    >
      <Space wrap align="center">
        <Select
          allowClear
          placeholder="全部单位"
          showSearch={labelFilter}
          style={{ width: 260 }}
          value={unitId}
          onChange={setUnitId}
          options={c.units.map((u) => ({ value: u.id, label: u.name }))}
          data-testid="issue-unit"
        />
        <Select
          allowClear
          placeholder="全部评价者组"
          style={{ width: 180 }}
          value={group}
          onChange={setGroup}
          options={[...enabled]
            .filter((g) => g !== 'public')
            .map((g) => ({ value: g, label: groupLabel(g) }))}
          data-testid="issue-group"
        />
        <Button
          type="primary"
          icon={<SendOutlined />}
          disabled={toIssue === 0}
          loading={busy === 'issue'}
          onClick={() => issue(false)}
          data-testid="issue-button"
        >
          发放链接{toIssue > 0 ? `（${toIssue}）` : ''}
        </Button>
        <Button
          icon={<RedoOutlined />}
          disabled={toRemind === 0}
          loading={busy === 'reissue'}
          onClick={() => issue(true)}
          data-testid="reissue-button"
        >
          补发提醒单{toRemind > 0 ? `（${toRemind}）` : ''}
        </Button>
      </Space>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }}>
        每个链接只能使用一次。发放后生成可打印的发放单（每份含二维码），也可下载 xlsx
        分发；未使用的链接可补发提醒单，旧链接随即失效。
      </Typography.Paragraph>
      {slips && <SlipsModal c={c} slips={slips} onClose={() => setSlips(null)} />}
    </Card>
  );
}

const SLIPS_PER_PAGE = 8;

/** The slips just issued: shown once, to print or download before closing. */
function SlipsModal(props: { c: CampaignView; slips: Slip[]; onClose(): void }) {
  const { c, slips } = props;
  const { message, modal } = App.useApp();
  const [page, setPage] = useState(1);
  const [printing, setPrinting] = useState(false);
  const [downloading, setDownloading] = useState(false);
  const [saved, setSaved] = useState(false);
  const donePrinting = useCallback(() => {
    setPrinting(false);
    setSaved(true);
  }, []);
  const reissued = slips.some((s) => s.reissued);

  const download = async () => {
    setDownloading(true);
    try {
      await downloadFile(pathOf(opinionApi.slipsXlsx.path, { id: c.id }), `评价链接-${c.title}.xlsx`, {
        slips: slips.map((s) => ({
          token: s.token,
          groupLabel: s.groupLabel,
          raterLabel: s.raterLabel,
          unitName: s.unitName,
          cadres: s.cadres,
        })),
      });
      setSaved(true);
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setDownloading(false);
    }
  };

  const close = () => {
    if (saved) {
      props.onClose();
      return;
    }
    modal.confirm({
      title: '关闭发放单？',
      content: '关闭后这些链接不能再次显示。尚未打印或下载的，只能通过“补发提醒单”重新发放（旧链接失效）。',
      okText: '仍然关闭',
      okButtonProps: { danger: true, 'data-testid': 'slips-close-ok' } as never,
      cancelText: '返回',
      onOk: props.onClose,
    });
  };

  const shown = slips.slice((page - 1) * SLIPS_PER_PAGE, page * SLIPS_PER_PAGE);
  return (
    <Modal
      open
      title={`${reissued ? '补发提醒单' : '评价链接发放单'}（${slips.length} 份）`}
      width={960}
      onCancel={close}
      mask={{ closable: false }}
      footer={
        <Space>
          <Button icon={<PrinterOutlined />} onClick={() => setPrinting(true)} data-testid="slips-print">
            打印发放单
          </Button>
          <Button
            icon={<DownloadOutlined />}
            loading={downloading}
            onClick={download}
            data-testid="slips-xlsx"
          >
            下载 xlsx
          </Button>
          <Button type="primary" onClick={close} data-testid="slips-close">
            完成
          </Button>
        </Space>
      }
    >
      <Alert
        type="warning"
        showIcon
        title="链接只显示这一次"
        description="服务器只保存链接的摘要，关闭本窗口后无法再次查看。请立即打印发放单或下载 xlsx；遗失的可“补发提醒单”（旧链接随即失效）。"
        style={{ marginBottom: 16 }}
      />
      <div
        style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(400px, 1fr))', gap: 12 }}
        data-testid="slips"
      >
        {shown.map((s) => (
          <SlipCard key={s.token} c={c} slip={s} />
        ))}
      </div>
      {slips.length > SLIPS_PER_PAGE && (
        <Pagination
          style={{ marginTop: 16, textAlign: 'center' }}
          current={page}
          pageSize={SLIPS_PER_PAGE}
          total={slips.length}
          onChange={setPage}
          showSizeChanger={false}
          showTotal={(n) => `共 ${n} 份`}
        />
      )}
      {printing && (
        <PrintSheet onDone={donePrinting}>
          <div className="opinion-slips">
            {slips.map((s) => (
              <SlipCard key={s.token} c={c} slip={s} print />
            ))}
          </div>
        </PrintSheet>
      )}
    </Modal>
  );
}

/** One slip: who it is for, the QR code and the address; cut out along the dashed line. */
function SlipCard(props: { c: CampaignView; slip: Slip; print?: boolean }) {
  const { c, slip: s } = props;
  const url = ballotUrl(s.token);
  const row = (label: string, value: string | null) => (
    <div style={{ display: 'flex', gap: 4 }}>
      <span style={{ color: props.print ? '#333' : 'rgba(0,0,0,0.45)', flex: 'none' }}>{label}</span>
      <span style={{ wordBreak: 'break-all' }}>{value || '—'}</span>
    </div>
  );
  return (
    <div
      className="opinion-slip"
      style={{
        border: '1px dashed #bbb',
        borderRadius: props.print ? 0 : 6,
        padding: props.print ? '5mm' : 12,
        display: 'flex',
        flexDirection: 'column',
        gap: 6,
        boxSizing: 'border-box',
        background: '#fff',
      }}
      data-testid={props.print ? undefined : 'slip'}
    >
      <div style={{ fontWeight: 600, fontSize: props.print ? '11pt' : 14 }}>
        {c.title}
        {s.reissued && (
          <span style={{ marginLeft: 6, fontWeight: 400, fontSize: props.print ? '9pt' : 12 }}>（补发）</span>
        )}
      </div>
      <div style={{ display: 'flex', gap: 12, alignItems: 'flex-start' }}>
        <div style={{ flex: 1, minWidth: 0, fontSize: props.print ? '10pt' : 13, lineHeight: 1.7 }}>
          {row('评价者组：', s.groupLabel)}
          {row('单　　位：', s.unitName)}
          {row('评 价 者：', s.raterLabel)}
          {row('评价对象：', `${s.cadres} 名干部`)}
          {row('截止日期：', c.endsOn)}
        </div>
        <QrCode
          value={url}
          size={props.print ? 104 : 112}
          data-testid={props.print ? undefined : 'slip-qr'}
        />
      </div>
      <div
        style={{ fontFamily: 'monospace', fontSize: props.print ? '8pt' : 11, wordBreak: 'break-all' }}
        data-testid={props.print ? undefined : 'slip-url'}
      >
        {url}
      </div>
      <div style={{ fontSize: props.print ? '8pt' : 11, color: props.print ? '#333' : 'rgba(0,0,0,0.45)' }}>
        用手机扫码或在浏览器打开上述地址作答。链接仅能使用一次，请勿转给他人；评价匿名，结果只按评价者组汇总。
      </div>
    </div>
  );
}
