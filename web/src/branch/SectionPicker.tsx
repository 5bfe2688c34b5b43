import { sectionLabel } from '../i18n';

export interface DirectiveChoice {
  id: string;
  title: string;
  sections: { id: string; number: number; heading: string }[];
}

/** The directive sections a story exemplifies or an activity carries out: checkboxes grouped by directive. */
export function SectionPicker({ legend, directives, selected, onChange }: { legend: string; directives: DirectiveChoice[]; selected: string[]; onChange: (ids: string[]) => void }) {
  const toggle = (id: string, on: boolean) => onChange(on ? [...selected, id] : selected.filter((s) => s !== id));
  return (
    <fieldset className="choices">
      <legend>{legend}</legend>
      {directives
        .filter((d) => d.sections.length > 0)
        .map((d) => (
          <fieldset key={d.id}>
            <legend>{d.title}</legend>
            {d.sections.map((s) => (
              <label key={s.id} className="choice">
                <input type="checkbox" checked={selected.includes(s.id)} onChange={(e) => toggle(s.id, e.target.checked)} />
                {sectionLabel(s.number)}
                {s.heading}
              </label>
            ))}
          </fieldset>
        ))}
    </fieldset>
  );
}
