import { MentoringPage } from './mine.tsx';

export default MentoringPage;
