import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useState } from 'react';
import { api, qs } from '../api/client.ts';

/**
 * A searchable select over a paginated list endpoint (`?q=` and `items`). A chosen value outside
 * the first results (say, one set by a link) is fetched from `${url}/${value}` so that it shows
 * its name rather than its id.
 */
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
  const items = res.data?.items ?? [];
  const missing = !!props.value && !!res.data && !items.some((i) => i.id === props.value);
  const chosen = useQuery({
    queryKey: [props.url, 'one', props.value],
    enabled: missing,
    queryFn: () => api.get<T>(`${props.url}/${props.value}`),
    retry: false,
  });
  const options = items.map((i) => ({ value: i.id, label: props.label(i) }));
  if (missing && chosen.data) options.unshift({ value: chosen.data.id, label: props.label(chosen.data) });
  return (
    <Select
      id={props.id}
      showSearch={{ filterOption: false, onSearch: setQ }}
      allowClear={props.allowClear ?? true}
      value={props.value}
      onChange={(v) => {
        props.onChange?.(v);
        if (!v) setQ('');
      }}
      placeholder={props.placeholder ?? '输入关键字搜索'}
      style={props.style ?? { width: '100%' }}
      loading={res.isLoading}
      options={options}
      notFoundContent={res.isLoading ? '加载中…' : '无匹配结果'}
      data-testid={props['data-testid']}
    />
  );
}
