import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useState } from 'react';
import type { EndpointDef, WireOf } from '../../common/api.ts';
import { call } from '../api/client.ts';

/** The item type of a list endpoint (one answering `{ items }`). */
type ItemOf<E extends EndpointDef> = WireOf<E> extends { items: readonly (infer I)[] } ? I : never;

interface CommonProps<T> {
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
}
/** A contract's list endpoint (its items typed by the contract) and, optionally, its `GET …/:id`. */
type ContractProps<E extends EndpointDef> = CommonProps<ItemOf<E>> & {
  list: E;
  one?: EndpointDef;
};

/**
 * A searchable select over a paginated list endpoint (`?q=` and `items`). A chosen value outside
 * the first results (say, one set by a link) is fetched on its own so that it shows its name
 * rather than its id, from `one`.
 */
export function RemoteSelect<E extends EndpointDef>(props: ContractProps<E>): React.ReactElement;
export function RemoteSelect(
  props: CommonProps<{ id: string }> & { list: EndpointDef; one?: EndpointDef },
): React.ReactElement {
  type Item = { id: string };
  const [q, setQ] = useState('');
  const source = props.list.path;
  const res = useQuery({
    queryKey: [source, q, props.params],
    queryFn: () => {
      const query = { ...props.params, q, pageSize: 30 };
      return call(props.list, { query } as never) as unknown as Promise<{ items: Item[] }>;
    },
  });
  const items = res.data?.items ?? [];
  const missing = !!props.value && !!res.data && !items.some((i) => i.id === props.value);
  const chosen = useQuery({
    queryKey: [source, 'one', props.value],
    enabled: missing && !!props.one,
    queryFn: () => call(props.one!, { params: { id: props.value } } as never) as unknown as Promise<Item>,
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
