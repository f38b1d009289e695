import { useQuery } from '@tanstack/react-query';
import { Alert, Card } from 'antd';
import { developmentApi } from '../../../common/contracts/development.ts';
import { call } from '../../api/client.ts';
import { errorText } from '../../components/errors.ts';
import { Page } from '../../components/page.tsx';
import { PlanTable } from './components/plan-table.tsx';

/** 我的培养计划 (the cadre) and 我帮带的计划 (a mentor): the same list, two sources. */
function PlanListPage(props: { mentoring: boolean }) {
  const e = props.mentoring ? developmentApi.mentoring : developmentApi.mine;
  const q = useQuery({ queryKey: ['development', e.path], queryFn: () => call(e) });
  return (
    <Page
      title={props.mentoring ? '我帮带的培养计划' : '我的培养计划'}
      subtitle={
        props.mentoring
          ? '您被指定为结对帮带导师的计划：可查看计划、写帮带记录和月度评议；计划结束后不再可见。'
          : '组织部门为您制定的一人一策培养计划，含目标、节点和评议意见。'
      }
      permission="development.read"
    >
      {q.isError && <Alert type="error" showIcon title={errorText(q.error)} style={{ marginBottom: 12 }} />}
      <Card>
        <PlanTable
          rows={q.data?.items ?? []}
          loading={q.isLoading}
          showCadre={props.mentoring}
          empty={props.mentoring ? '目前没有由您帮带的培养计划' : '组织部门尚未为您制定培养计划'}
        />
      </Card>
    </Page>
  );
}

export default function MyDevelopmentPage() {
  return <PlanListPage mentoring={false} />;
}

export function MentoringPage() {
  return <PlanListPage mentoring />;
}
