// An import report (POST api/imports, dry run or applied) as a readable page: the summary, each
// component and how it was matched, and per part the changes, conflicts, values kept and values
// ignored, each with its reason.
import { h, table, facts } from './dom.js';

const SUMMARY = [
  ['components', 'Components'], ['matched', 'Matched'], ['unmatched', 'Unmatched'], ['skipped', 'Skipped'],
  ['parts', 'Parts'], ['changes', 'Changes'], ['conflicts', 'Conflicts'], ['kept_existing', 'Kept as they are'],
  ['up_to_date', 'Already right'],
];

const show = (value) => (value === null || value === undefined || value === '' ? '(empty)' : String(value));

export function summary(s) {
  return facts(SUMMARY.map(([key, label]) => [label, String(s[key] ?? 0)]), { class: 'facts summary' });
}

export function report(outcome) {
  const components = outcome.components || [];
  const unmatched = components.filter((c) => c.status !== 'matched');
  const matched = components.filter((c) => c.status === 'matched');
  return h('div', { class: 'report' },
    summary(outcome.summary || {}),
    h('h3', {}, `Matched components (${matched.length})`),
    matched.length ? table(null, ['Ref', 'Part', 'Matched by', 'Notes'], matched.map((c) => [
      c.ref, `#${c.part_id}`, c.matched_by || '', [...(c.notes || []), ...(c.flags || [])].join('; ')]), { class: 'matched' }) : h('p', {}, 'None.'),
    h('h3', {}, `Unmatched components (${unmatched.length})`),
    unmatched.length ? table(null, ['Ref', 'Status', 'Reason'], unmatched.map((c) => [
      c.ref, c.status, c.reason || [...(c.notes || [])].join('; ')]), { class: 'unmatched' }) : h('p', {}, 'None.'),
    h('h3', {}, 'Per part'),
    (outcome.parts || []).length ? (outcome.parts || []).map(partReport) : h('p', {}, 'No part is matched.'));
}

function partReport(part) {
  const refs = (list) => (list && list.length ? ` (${list.join(', ')})` : '');
  const items = [];
  for (const c of part.changes) {
    items.push(h('li', { class: 'change' }, h('strong', {}, c.field), `: ${show(c.old)} → ${show(c.new)}`,
      c.kicad_value && c.kicad_value !== c.new ? `; KiCad will show ${c.kicad_value}` : '', refs(c.refs)));
  }
  for (const c of part.conflicts) {
    items.push(h('li', { class: 'conflict' }, h('strong', {}, c.field), ': conflict, not written — the design has ',
      c.values.map((v) => `${show(v.value)}${refs(v.refs)}`).join(' and '), `; InvenTree holds ${show(c.current)}`));
  }
  for (const k of part.kept_existing) {
    items.push(h('li', { class: 'kept' }, h('strong', {}, k.field), `: kept ${show(k.current)}; the design's ${show(k.proposed)}${refs(k.refs)}`,
      ' is not written (IMPORT_INVENTREE_OVERRIDE_PARAS is off)'));
  }
  for (const i of part.ignored) {
    items.push(h('li', { class: 'ignored' }, h('strong', {}, i.field), `: ignored — ${i.reason}${refs(i.refs)}`));
  }
  for (const u of part.up_to_date) {
    items.push(h('li', { class: 'uptodate' }, h('strong', {}, u.field), `: already ${show(u.value)}`));
  }
  return h('section', { class: 'part-report' },
    h('h4', {}, `${part.name}${part.ipn ? ` · ${part.ipn}` : ''} · #${part.part_id}`, refs(part.refs)),
    items.length ? h('ul', {}, items) : h('p', {}, 'Nothing to change.'));
}
