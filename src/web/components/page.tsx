import { Card, Result, Typography } from 'antd';
import type { ReactNode } from 'react';
import type { Permission } from '../../common/permissions.ts';
import { useSession } from '../auth/session.tsx';

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
