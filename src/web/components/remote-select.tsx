import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useState } from 'react';
import { api, qs } from '../api/client.ts';

/** A searchable select over a paginated list endpoint (`?q=` and `items`). */
export function RemoteSelect<T extends { id: string }>(props: {
  url: string;
  label: (item: T) => string;
  value?: string;
  onChange?: (v: string | undefined) => void;
  placeholder?: string;
  params?: Record<string, unknown>;
  style?: React.CSSProperties;
  allowClear?: boolean;
  /** Set by Form.Item so that the field's label points at the input. */
  id?: string;
  'data-testid'?: string;
}) {
  const [q, setQ] = useState('');
  const res = useQuery({
    queryKey: [props.url, q, props.params],
    queryFn: () => api.get<{ items: T[] }>(`${props.url}${qs({ ...props.params, q, pageSize: 30 })}`),
  });
  return (
    <Select
      id={props.id}
      showSearch={{ filterOption: false, onSearch: setQ }}
      allowClear={props.allowClear ?? true}
      value={props.value}
      onChange={props.onChange}
      placeholder={props.placeholder ?? '输入关键字搜索'}
      style={props.style ?? { width: '100%' }}
      loading={res.isLoading}
      options={(res.data?.items ?? []).map((i) => ({ value: i.id, label: props.label(i) }))}
      notFoundContent={res.isLoading ? '加载中…' : '无匹配结果'}
      data-testid={props['data-testid']}
    />
  );
}
