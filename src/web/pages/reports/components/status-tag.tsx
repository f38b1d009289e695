import { Space, Tag } from 'antd';
import { REPORT_STATUS_LABELS, type ReportStatus } from '../../../../common/contracts/reports.ts';

/** 草稿 / 已定稿, and whether the cadre has it. */
export function StatusTag(props: { status: ReportStatus; released?: boolean }) {
  return (
    <Space size={4}>
      <Tag color={props.status === 'final' ? 'green' : 'blue'}>{REPORT_STATUS_LABELS[props.status]}</Tag>
      {props.released && <Tag color="purple">已向本人发布</Tag>}
    </Space>
  );
}
