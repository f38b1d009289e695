import { useQueryClient } from '@tanstack/react-query';
import { App, Select, Space, Tag, Typography } from 'antd';
import { useRef, useState } from 'react';
import { ENTRY_TAGS, opinionApi } from '../../../common/contracts/opinion.ts';
import { call } from '../../api/client.ts';
import { errorText } from '../../components/errors.ts';
import { ENTRY_TAG_OPTIONS } from './opinion-options.ts';

/** The theme tags of a free-text entry: editable in place where the entry allows it, saved on change. */
export function EntryTags(props: { id: string; tags: string[]; editable: boolean; width?: number }) {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [value, setValue] = useState<string[]>(props.tags);
  const [saving, setSaving] = useState(false);
  // The lists (and tag counts) are refreshed when the dropdown closes, so that a row being
  // tagged does not move or vanish (say, under 只看未标注) between two picks.
  const open = useRef(false);
  const dirty = useRef(false);
  const refresh = () => {
    dirty.current = false;
    return qc.invalidateQueries({ queryKey: ['opinion', 'entries'] });
  };
  if (!props.editable)
    return props.tags.length ? (
      <Space size={[4, 4]} wrap>
        {props.tags.map((t) => (
          <Tag key={t} color="geekblue">
            {t}
          </Tag>
        ))}
      </Space>
    ) : (
      <Typography.Text type="secondary">未标注</Typography.Text>
    );

  const save = async (next: string[]) => {
    const before = value;
    setValue(next);
    setSaving(true);
    try {
      const tags = next.filter((t): t is (typeof ENTRY_TAGS)[number] =>
        (ENTRY_TAGS as readonly string[]).includes(t),
      );
      const r = await call(opinionApi.tagEntry, { params: { id: props.id }, body: { tags } });
      setValue(r.tags);
      dirty.current = true;
      if (!open.current) await refresh();
    } catch (e) {
      setValue(before);
      message.error(errorText(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Select
      mode="multiple"
      size="small"
      allowClear
      placeholder="标注主题"
      value={value}
      options={ENTRY_TAG_OPTIONS}
      onChange={save}
      onOpenChange={(o) => {
        open.current = o;
        if (!o && dirty.current) void refresh();
      }}
      loading={saving}
      style={{ width: props.width ?? 240 }}
      variant="filled"
      data-testid="entry-tags"
    />
  );
}
