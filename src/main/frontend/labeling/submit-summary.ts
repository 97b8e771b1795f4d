import type { Definition, Label, Schema, ValueLabel } from '../labels/label-model.js';
import { isValueType, missingRequired } from './timeline-edit.js';

/** One episode value as the submit confirmation lists it. */
export interface ValueLine {
  definition: string;
  name: string;
  required: boolean;
  /** What the draft holds now, as words ('' when unset). */
  value: string;
  /** What it held when the workspace opened ('' when unset). */
  was: string;
  changed: boolean;
}

/** What a submit would send, for the confirmation the keyboard asks before it. */
export interface SubmitSummary {
  /** Required values and labels still missing (the server would refuse the submit). */
  missing: string[];
  /** The episode's values, required first, each with whether it changed since the workspace opened. */
  values: ValueLine[];
  /** Labels by kind of definition, e.g. "7 Phase", in schema order; definitions without labels left out. */
  counts: string[];
  total: number;
}

/**
 * The confirmation's content: what is missing, every episode value with its change since `opened` (the labels the
 * workspace was opened with), and how many labels of each definition go with the submit. Pure, so what the dialog
 * says follows from the labels alone.
 */
export function submitSummary(schema: Schema, opened: Label[], labels: Label[], openPhase: boolean): SubmitSummary {
  const missing = missingRequired(schema, labels);
  if (openPhase) missing.unshift('A phase is still open: end it with Enter or cancel it with Esc');
  const values: ValueLine[] = schema.definitions
    .filter((d) => isValueType(d) && d.scope !== 'segment')
    .map((d) => {
      const value = valueWords(d, episodeValue(labels, d.key));
      const was = valueWords(d, episodeValue(opened, d.key));
      return { definition: d.key, name: d.name, required: d.required, value, was, changed: value !== was };
    })
    .sort((a, b) => Number(b.required) - Number(a.required));
  const counts = schema.definitions
    .map((d) => ({ d, n: labels.filter((l) => l.definition === d.key && l.kind !== 'value').length }))
    .filter(({ n }) => n > 0)
    .map(({ d, n }) => `${n} ${d.name}`);
  return { missing, values, counts, total: labels.length };
}

function episodeValue(labels: Label[], definition: string): ValueLabel | undefined {
  return labels.find((l): l is ValueLabel => l.kind === 'value' && l.definition === definition && l.segment === null);
}

/** A value in the words of the schema: class names, 'accept' or 'reject (reasons)', the number with its unit. */
export function valueWords(definition: Definition, value: ValueLabel | undefined): string {
  if (!value) return '';
  const name = (key: string) => definition.classes.find((c) => c.key === key)?.name ?? key;
  if (value.text !== null) return value.text.length > 60 ? `${value.text.slice(0, 60)}…` : value.text;
  if (value.accept !== null) {
    return value.accept ? 'Accept' : `Reject${value.classes.length ? ` (${value.classes.map(name).join(', ')})` : ''}`;
  }
  if (value.number !== null) return `${value.number}${definition.unit ? ` ${definition.unit}` : ''}`;
  return value.classes.map(name).join(', ');
}
