import { Page } from '../../components/page.tsx';

export default function Placeholder() {
  return <Page title="建设中">…</Page>;
}
