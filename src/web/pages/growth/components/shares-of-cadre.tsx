import { Card, Empty } from 'antd';
import type { CadreGrowth } from '../cadre.tsx';
import { DeclarationTable } from './declaration-table.tsx';

/** 同一任务贡献对比: the shared key tasks this cadre answers for, side by side with the others. */
export function SharesOfCadre(props: { declarations: CadreGrowth['shares']; cadreId: string }) {
  return (
    <Card title="同一任务中的贡献对比" data-testid="growth-shares">
      {props.declarations.length === 0 ? (
        <Empty description="没有多人负责、已申报份额的重点任务" />
      ) : (
        props.declarations.map((d) => (
          <DeclarationTable key={d.id} declaration={d} highlight={props.cadreId} />
        ))
      )}
    </Card>
  );
}
