import { DeleteOutlined, LinkOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Empty, Input, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import {
  SECTION_TITLES,
  type Section,
  type SourceRef,
  type Statement,
} from '../../../../common/contracts/reports.ts';

/** A statement being edited carries a key of its own, so that removing one keeps the others' inputs. */
export type EditStatement = Statement & { k: string };
export type EditSection = Omit<Section, 'statements'> & { statements: EditStatement[] };

let seq = 0;
const nextKey = () => `s${++seq}`;
/** Sections ready for the editor (each statement keyed). */
export const toEditable = (sections: Section[]): EditSection[] =>
  sections.map((s) => ({ ...s, statements: s.statements.map((st) => ({ ...st, k: nextKey() })) }));
/** The edited sections as the server takes them. */
export const fromEditable = (sections: EditSection[]): Section[] =>
  sections.map((s) => ({ ...s, statements: s.statements.map(({ k: _k, ...st }) => st) }));

/** A statement's records: each a link to the page that shows it. */
function Sources(props: { sources: SourceRef[]; onRemove?: (i: number) => void }) {
  if (!props.sources.length) return null;
  return (
    <div style={{ marginTop: 4 }}>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        依据：
      </Typography.Text>
      {props.sources.map((s, i) => (
        <Tag
          key={`${s.type}-${s.id}`}
          icon={<LinkOutlined />}
          closable={!!props.onRemove}
          onClose={() => props.onRemove?.(i)}
          style={{ marginBottom: 4 }}
          data-testid="statement-source"
        >
          {s.link ? <Link to={s.link}>{s.label}</Link> : s.label}
        </Tag>
      ))}
    </div>
  );
}

/** The six sections as read: each statement with the records behind it. */
export function SectionsView(props: { sections: Section[] }) {
  return (
    <div>
      {props.sections.map((s) => (
        <div key={s.key} style={{ marginBottom: 20 }} data-testid={`section-${s.key}`}>
          <Typography.Title level={5}>{SECTION_TITLES[s.key]}</Typography.Title>
          {s.statements.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="（无）" />}
          {s.statements.map((st) => (
            <div
              key={`${st.text}|${st.sources.map((x) => x.id).join(',')}`}
              style={{ marginBottom: 10, paddingLeft: 8, borderLeft: '3px solid #f0f0f0' }}
            >
              <Typography.Paragraph style={{ marginBottom: 0 }}>{st.text}</Typography.Paragraph>
              <Sources sources={st.sources} />
            </div>
          ))}
        </div>
      ))}
    </div>
  );
}

/** The six sections being edited: statements changed, removed, added; a record link may be removed. */
export function SectionsEditor(props: { sections: EditSection[]; onChange: (s: EditSection[]) => void }) {
  const patch = (key: Section['key'], f: (s: EditSection) => EditSection) =>
    props.onChange(props.sections.map((s) => (s.key === key ? f(s) : s)));
  return (
    <div>
      {props.sections.map((s) => (
        <div key={s.key} style={{ marginBottom: 20 }} data-testid={`edit-section-${s.key}`}>
          <Typography.Title level={5}>{SECTION_TITLES[s.key]}</Typography.Title>
          {s.statements.map((st, i) => (
            <div key={st.k} style={{ marginBottom: 12 }}>
              <Space.Compact style={{ width: '100%' }}>
                <Input.TextArea
                  autoSize={{ minRows: 2 }}
                  value={st.text}
                  maxLength={2000}
                  onChange={(e) =>
                    patch(s.key, (x) => ({
                      ...x,
                      statements: x.statements.map((y, j) => (j === i ? { ...y, text: e.target.value } : y)),
                    }))
                  }
                  data-testid={`statement-${s.key}-${i}`}
                />
                <Button
                  icon={<DeleteOutlined />}
                  title="删除这条表述"
                  onClick={() =>
                    patch(s.key, (x) => ({ ...x, statements: x.statements.filter((_, j) => j !== i) }))
                  }
                />
              </Space.Compact>
              <Sources
                sources={st.sources}
                onRemove={(k) =>
                  patch(s.key, (x) => ({
                    ...x,
                    statements: x.statements.map((y, j) =>
                      j === i ? { ...y, sources: y.sources.filter((_, m) => m !== k) } : y,
                    ),
                  }))
                }
              />
            </div>
          ))}
          <Button
            type="dashed"
            size="small"
            icon={<PlusOutlined />}
            onClick={() =>
              patch(s.key, (x) => ({
                ...x,
                statements: [...x.statements, { text: '', sources: [], k: nextKey() }],
              }))
            }
            data-testid={`add-${s.key}`}
          >
            添加表述
          </Button>
        </div>
      ))}
    </div>
  );
}
