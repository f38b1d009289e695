import dayjs from 'dayjs';

export const fmtTime = (v: string | Date | null | undefined) =>
  v ? dayjs(v).format('YYYY-MM-DD HH:mm:ss') : '—';
export const fmtDate = (v: string | Date | null | undefined) => (v ? dayjs(v).format('YYYY-MM-DD') : '—');
