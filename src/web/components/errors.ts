import { App } from 'antd';
import { ApiError } from '../api/client.ts';

/** Text of any error, for a message box: the API's Chinese message, or a generic one. */
export function errorText(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  return '操作失败，请检查网络后重试';
}

/** Shows an error the way every page does. */
export function useErrorMessage() {
  const { message } = App.useApp();
  return (e: unknown) => message.error(errorText(e));
}
