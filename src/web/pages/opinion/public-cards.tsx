import { IdcardOutlined, PrinterOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, InputNumber, Modal, Pagination, Space } from 'antd';
import { useCallback, useState } from 'react';
import type { WireOf } from '../../../common/api.ts';
import { opinionApi } from '../../../common/contracts/opinion.ts';
import { call } from '../../api/client.ts';
import { errorText } from '../../components/errors.ts';
import { QrCode } from '../../components/qr-code.tsx';
import { type CampaignView, type LinkView, publicUrl } from './opinion-options.ts';
import { PrintSheet } from './print-sheet.tsx';

type IssuedCards = WireOf<typeof opinionApi.issueSlipCodes>;

const CARDS_PER_PAGE = 12;

/** The address in a card's QR code: the public page with the card's code. */
const cardUrl = (publicCode: string, code: string) => `${publicUrl(publicCode)}?c=${code}`;

/**
 * 现场评价卡: one-time codes for a public link, to hand out at a session in a hall. Each card
 * lets one person vote once; the codes are shown this once, to print.
 */
export function PublicCardsButton(props: { c: CampaignView; link: LinkView }) {
  const { c, link } = props;
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [issued, setIssued] = useState<IssuedCards | null>(null);
  const [form] = Form.useForm<{ count: number }>();

  const issue = async ({ count }: { count: number }) => {
    setBusy(true);
    try {
      const r = await call(opinionApi.issueSlipCodes, {
        params: { id: c.id, linkId: link.id },
        body: { count },
      });
      setAsking(false);
      setIssued(r);
      await qc.invalidateQueries({ queryKey: ['opinion'] });
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button size="small" icon={<IdcardOutlined />} onClick={() => setAsking(true)} data-testid="cards-new">
        生成现场评价卡
      </Button>
      <Modal
        open={asking}
        title={`生成现场评价卡：${link.raterLabel ?? ''}`}
        okText="生成"
        confirmLoading={busy}
        onOk={() => form.submit()}
        onCancel={() => setAsking(false)}
        destroyOnHidden
        okButtonProps={{ 'data-testid': 'cards-ok' } as never}
      >
        <Form form={form} layout="vertical" initialValues={{ count: 50 }} onFinish={issue} preserve={false}>
          <Form.Item
            name="count"
            label="张数（到场群众每人一张）"
            rules={[{ required: true, message: '请填写张数' }]}
            extra={`每张评价卡一个 8 位评价码，只能提交一次。本轮评价卡上限 ${c.publicQuota} 张。`}
          >
            <InputNumber min={1} max={1000} precision={0} style={{ width: 160 }} data-testid="cards-count" />
          </Form.Item>
        </Form>
      </Modal>
      {issued && <CardsSheet c={c} issued={issued} onClose={() => setIssued(null)} />}
    </>
  );
}

/** The cards just made, shown this once: print them before closing. */
function CardsSheet(props: { c: CampaignView; issued: IssuedCards; onClose(): void }) {
  const { c, issued } = props;
  const { modal } = App.useApp();
  const [page, setPage] = useState(1);
  const [printing, setPrinting] = useState(false);
  const [printed, setPrinted] = useState(false);
  const donePrinting = useCallback(() => {
    setPrinting(false);
    setPrinted(true);
  }, []);
  const close = () => {
    if (printed) return props.onClose();
    modal.confirm({
      title: '关闭评价卡？',
      content: '评价码只显示这一次，关闭后无法再次查看。未打印的评价卡作废，可重新生成。',
      okText: '仍然关闭',
      okButtonProps: { danger: true, 'data-testid': 'cards-close-ok' } as never,
      cancelText: '返回',
      onOk: props.onClose,
    });
  };
  const shown = issued.codes.slice((page - 1) * CARDS_PER_PAGE, page * CARDS_PER_PAGE);
  return (
    <Modal
      open
      width={960}
      title={`现场评价卡：${issued.raterLabel ?? ''}（${issued.codes.length} 张）`}
      onCancel={close}
      mask={{ closable: false }}
      footer={
        <Space>
          <Button icon={<PrinterOutlined />} onClick={() => setPrinting(true)} data-testid="cards-print">
            打印评价卡
          </Button>
          <Button type="primary" onClick={close} data-testid="cards-close">
            完成
          </Button>
        </Space>
      }
    >
      <Alert
        type="warning"
        showIcon
        title="评价码只显示这一次"
        description="服务器只保存评价码的摘要。请立即打印，沿虚线裁开，现场每人发放一张。"
        style={{ marginBottom: 16 }}
      />
      <div
        style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(280px, 1fr))', gap: 12 }}
        data-testid="cards"
      >
        {shown.map((code) => (
          <Card key={code} c={c} issued={issued} code={code} />
        ))}
      </div>
      {issued.codes.length > CARDS_PER_PAGE && (
        <Pagination
          style={{ marginTop: 16, textAlign: 'center' }}
          current={page}
          pageSize={CARDS_PER_PAGE}
          total={issued.codes.length}
          onChange={setPage}
          showSizeChanger={false}
          showTotal={(n) => `共 ${n} 张`}
        />
      )}
      {printing && (
        <PrintSheet onDone={donePrinting}>
          <div className="opinion-slips">
            {issued.codes.map((code) => (
              <Card key={code} c={c} issued={issued} code={code} print />
            ))}
          </div>
        </PrintSheet>
      )}
    </Modal>
  );
}

/** One tear-off card: the round, the QR code with the card's code, and the code to type. */
function Card(props: { c: CampaignView; issued: IssuedCards; code: string; print?: boolean }) {
  const { c, issued, code } = props;
  const url = cardUrl(issued.publicCode, code);
  return (
    <div
      className="opinion-slip"
      style={{
        border: '1px dashed #bbb',
        borderRadius: props.print ? 0 : 6,
        padding: props.print ? '5mm' : 12,
        display: 'flex',
        gap: 12,
        alignItems: 'center',
        background: '#fff',
        boxSizing: 'border-box',
      }}
      data-testid={props.print ? undefined : 'card'}
    >
      <QrCode value={url} size={props.print ? 96 : 96} data-testid={props.print ? undefined : 'card-qr'} />
      <div style={{ minWidth: 0, fontSize: props.print ? '10pt' : 13, lineHeight: 1.7 }}>
        <div style={{ fontWeight: 600 }}>{c.title}</div>
        <div>{issued.raterLabel}</div>
        <div>
          评价码：
          <span
            style={{ fontFamily: 'monospace', fontSize: props.print ? '13pt' : 16, letterSpacing: 2 }}
            data-testid={props.print ? undefined : 'card-code'}
          >
            {code}
          </span>
        </div>
        <div style={{ fontSize: props.print ? '8pt' : 11, color: props.print ? '#333' : 'rgba(0,0,0,0.45)' }}>
          扫码即可评价（已含评价码），限用一次；评价匿名。截止 {c.endsOn}
        </div>
      </div>
    </div>
  );
}
