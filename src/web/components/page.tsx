import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Result, Skeleton, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { Permission } from '../../common/permissions.ts';
import { ApiError } from '../api/client.ts';
import { useSession } from '../auth/session.tsx';
import { errorText } from './errors.ts';

/** A page's title bar and body; refuses itself to whoever lacks `permission`. */
export function Page(props: {
  title: string;
  subtitle?: ReactNode;
  extra?: ReactNode;
  permission?: Permission;
  children: ReactNode;
}) {
  const { can } = useSession();
  if (props.permission && !can(props.permission)) return <Forbidden />;
  return (
    <div>
      <div
        style={{
          display: 'flex',
          justifyContent: 'space-between',
          alignItems: 'flex-start',
          marginBottom: 16,
        }}
      >
        <div>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {props.title}
          </Typography.Title>
          {props.subtitle && <Typography.Text type="secondary">{props.subtitle}</Typography.Text>}
        </div>
        <div>{props.extra}</div>
      </div>
      {props.children}
    </div>
  );
}

export function Forbidden() {
  return (
    <Card>
      <Result
        status="403"
        title="无权访问"
        subTitle="您的角色无权查看此页面。如需访问，请联系安全管理员授予相应角色。"
      />
    </Card>
  );
}

export function NotFound() {
  return (
    <Card>
      <Result status="404" title="页面不存在" subTitle="请从左侧菜单进入。" />
    </Card>
  );
}

/** Retry a failed read once, but never one the server refused or could not find. */
export const retryUnlessRefused = (n: number, e: unknown) =>
  !(e instanceof ApiError && e.status < 500) && n < 1;

/** A link back to the list a detail page came from. */
export function BackLink(props: { to: string; children: ReactNode }) {
  return (
    <Link to={props.to}>
      <ArrowLeftOutlined /> {props.children}
    </Link>
  );
}

export interface MissingRecord {
  /** e.g. 整改单不存在 */
  title: string;
  text?: string;
  back: string;
  backLabel: string;
}

/**
 * What a detail page shows in place of its record when the server refused it (403) or could not
 * find it (404, or an address that is not an id); null when the record may be shown.
 */
export function refusedRecord(error: unknown, missing: MissingRecord, badAddress = false): ReactNode {
  const err = error instanceof ApiError ? error : null;
  if (err?.status === 403) return <Forbidden />;
  if (!badAddress && err?.status !== 404 && err?.code !== 'VALIDATION_FAILED') return null;
  return (
    <Card>
      <Result
        status="404"
        title={missing.title}
        subTitle={missing.text ?? '该记录不存在，或不在您的查看范围内。'}
        extra={
          <Link to={missing.back}>
            <Button type="primary">{missing.backLabel}</Button>
          </Link>
        }
      />
    </Card>
  );
}

/** The body of a detail page while its record loads, or when loading failed for another reason. */
export function RecordLoading(props: { error: unknown }) {
  return (
    <Card>
      {props.error ? <Alert type="error" showIcon title={errorText(props.error)} /> : <Skeleton active />}
    </Card>
  );
}
