/**
 * Fills the customer email and the post-mortem from `{{placeholder}}` templates (the defaults in
 * `default-templates.ts`, or a team's file the main process read from the playbook's
 * `templatePath`). Times are shown in a customer-facing time zone with its abbreviation. Pure:
 * no file access; problems are reported, never thrown.
 */
import type { Incident, IncidentUpdate } from '../domain.js';
import type { Playbook } from '../playbook.js';
import { isShipped, validateActionItems, type ActionItem } from './action-items.js';
import {
  DEFAULT_CUSTOMER_EMAIL_TEMPLATE,
  DEFAULT_POST_MORTEM_TEMPLATE,
} from './default-templates.js';

/** What `renderTemplate` produced and what it could not fill. */
export interface RenderResult {
  /** The filled text; placeholders it could not fill are left as written, so they show. */
  text: string;
  /** `true` when every placeholder was filled and nothing else went wrong. */
  ok: boolean;
  /** Known placeholders with no (or a blank) value, in order of first use. */
  missing: string[];
  /** Placeholders that are not known (likely typos), in order of first use. */
  unknown: string[];
  /** One plain sentence per problem, naming the placeholder and its line(s). */
  problems: string[];
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i += 1) if (text.charCodeAt(i) === 10) line += 1;
  return line;
}

function lines(ns: number[]): string {
  return ns.length === 1 ? `line ${ns[0]}` : `lines ${ns.join(', ')}`;
}

/**
 * Replaces each `{{ name }}` in `template` with `values[name]`. Names are letters, digits and
 * underscores; spaces inside the braces are allowed. The known names are `options.known` when
 * given (pass the full list so typos are caught), else the keys of `values`. A known name whose
 * value is `undefined` or blank is *missing*; a name that is not known is *unknown*; both are
 * left in the text as written and reported with their line numbers, as are malformed (`{{what
 * happened}}`) and unclosed (`{{name`) placeholders. Values are inserted as they are and never
 * scanned for placeholders themselves.
 */
export function renderTemplate(
  template: string,
  values: Readonly<Record<string, string | undefined>>,
  options: { known?: readonly string[] } = {},
): RenderResult {
  const known = new Set(options.known ?? Object.keys(values));
  const missing = new Map<string, number[]>();
  const unknown = new Map<string, number[]>();
  const other: string[] = [];
  const note = (map: Map<string, number[]>, name: string, line: number): void => {
    const seen = map.get(name);
    if (seen) {
      if (!seen.includes(line)) seen.push(line);
    } else map.set(name, [line]);
  };

  let out = '';
  let i = 0;
  for (;;) {
    const open = template.indexOf('{{', i);
    if (open < 0) {
      out += template.slice(i);
      break;
    }
    const close = template.indexOf('}}', open + 2);
    const nextOpen = template.indexOf('{{', open + 2);
    out += template.slice(i, open);
    if (close < 0 || (nextOpen >= 0 && nextOpen < close)) {
      other.push(`Unclosed "{{" on line ${lineAt(template, open)}: close it with "}}".`);
      out += '{{';
      i = open + 2;
      continue;
    }
    const raw = template.slice(open, close + 2);
    const name = template.slice(open + 2, close).trim();
    const line = lineAt(template, open);
    i = close + 2;
    if (!NAME.test(name)) {
      other.push(
        `Malformed placeholder ${raw} on line ${line}: names use letters, digits and underscores.`,
      );
      out += raw;
    } else if (!known.has(name)) {
      note(unknown, name, line);
      out += raw;
    } else {
      const value = values[name];
      if (value === undefined || value.trim() === '') {
        note(missing, name, line);
        out += raw;
      } else out += value;
    }
  }

  const knownList = [...known].map((k) => `{{${k}}}`).join(', ');
  const problems = [
    ...[...missing].map(([name, ls]) => `{{${name}}} is not filled in (${lines(ls)}).`),
    ...[...unknown].map(
      ([name, ls]) =>
        `Unknown placeholder {{${name}}} (${lines(ls)}); known placeholders: ${knownList}.`,
    ),
    ...other,
  ];
  return {
    text: out,
    ok: problems.length === 0,
    missing: [...missing.keys()],
    unknown: [...unknown.keys()],
    problems,
  };
}

// ---------------------------------------------------------------------------
// Times for customers
// ---------------------------------------------------------------------------

/** `true` when `Intl` knows the IANA time zone `timeZone` (e.g. `Europe/Berlin`, `UTC`). */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/**
 * What a time zone field says about `timeZone` when it is not a zone `Intl` knows (a typo,
 * "Mars/Olympus"): the field refuses it rather than silently showing UTC. `null` when it is known.
 */
export function timeZoneFieldError(timeZone: string): string | null {
  return isValidTimeZone(timeZone.trim())
    ? null
    : `“${timeZone}” is not a time zone this computer knows. Use an IANA name such as Europe/Berlin or UTC.`;
}

/**
 * The short name of `timeZone` at instant `ms`, e.g. `CET`, `CEST`, `EST`, `BST`, `UTC`. Locales
 * differ in which zones get letters (`en-US` knows `EST`, `en-GB` knows `CET`), so both are
 * tried; zones without a letter abbreviation show as an offset such as `GMT+9`.
 */
export function zoneAbbreviation(ms: number, timeZone: string): string {
  const names = ['en-US', 'en-GB'].map(
    (locale) =>
      new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'short' })
        .formatToParts(ms)
        .find((p) => p.type === 'timeZoneName')?.value ?? '',
  );
  return names.find((n) => n !== '' && !/^GMT[+\-\u2212]/.test(n)) ?? names[0] ?? timeZone;
}

interface LocalParts {
  weekday: string;
  day: string;
  month: string;
  year: string;
  hour: string;
  minute: string;
}

function localParts(ms: number, timeZone: string, locale: string): LocalParts {
  const parts = new Intl.DateTimeFormat(locale, {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(ms);
  const get = (type: Intl.DateTimeFormatPartTypes): string =>
    parts.find((p) => p.type === type)?.value ?? '';
  return {
    weekday: get('weekday'),
    day: get('day'),
    month: get('month'),
    year: get('year'),
    hour: get('hour'),
    minute: get('minute'),
  };
}

/** How to show times to readers. */
export interface TimeOptions {
  /** IANA time zone of the readers, e.g. `Europe/Berlin`; `UTC` for a global audience. */
  timeZone: string;
  /** Language of weekday and month names; default `en-GB`. */
  locale?: string;
}

/** E.g. `Tue 4 Mar 2025, 15:05 CET`: the day, the 24-hour time and the zone abbreviation. */
export function formatDateTime(ms: number, { timeZone, locale = 'en-GB' }: TimeOptions): string {
  const p = localParts(ms, timeZone, locale);
  return `${p.weekday} ${p.day} ${p.month} ${p.year}, ${p.hour}:${p.minute} ${zoneAbbreviation(ms, timeZone)}`;
}

/**
 * The end of a window: only `15:50 CET` when it falls on the same local day as `startMs`, else
 * the full `formatDateTime`.
 */
export function formatEnd(startMs: number, endMs: number, options: TimeOptions): string {
  const locale = options.locale ?? 'en-GB';
  const a = localParts(startMs, options.timeZone, locale);
  const b = localParts(endMs, options.timeZone, locale);
  const sameDay = a.day === b.day && a.month === b.month && a.year === b.year;
  return sameDay
    ? `${b.hour}:${b.minute} ${zoneAbbreviation(endMs, options.timeZone)}`
    : formatDateTime(endMs, options);
}

/** E.g. `45 minutes`, `1 hour 5 minutes`, `2 days 3 hours` (rounded to the minute). */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 60_000));
  const days = Math.floor(total / 1440);
  const hours = Math.floor((total % 1440) / 60);
  const minutes = total % 60;
  const unit = (n: number, u: string): string => `${n} ${u}${n === 1 ? '' : 's'}`;
  if (days > 0)
    return hours > 0 ? `${unit(days, 'day')} ${unit(hours, 'hour')}` : unit(days, 'day');
  if (hours > 0)
    return minutes > 0 ? `${unit(hours, 'hour')} ${unit(minutes, 'minute')}` : unit(hours, 'hour');
  return unit(minutes, 'minute');
}

function text(v: string | undefined): string | undefined {
  const t = v?.trim();
  return t ? t : undefined;
}

interface Window {
  start?: string;
  end?: string;
  duration?: string;
  time_zone: string;
}

function window(
  startIso: string | undefined,
  endIso: string | undefined,
  options: TimeOptions,
): Window {
  const start = startIso === undefined ? NaN : Date.parse(startIso);
  const end = endIso === undefined ? NaN : Date.parse(endIso);
  const out: Window = {
    time_zone: zoneAbbreviation(Number.isNaN(start) ? 0 : start, options.timeZone),
  };
  if (!Number.isNaN(start)) out.start = formatDateTime(start, options);
  if (!Number.isNaN(start) && !Number.isNaN(end)) {
    out.end = formatEnd(start, end, options);
    out.duration = formatDuration(end - start);
  } else if (!Number.isNaN(end)) out.end = formatDateTime(end, options);
  return out;
}

function checkZone(options: TimeOptions): { options: TimeOptions; problems: string[] } {
  if (isValidTimeZone(options.timeZone)) return { options, problems: [] };
  return {
    options: { ...options, timeZone: 'UTC' },
    problems: [`Unknown time zone "${options.timeZone}": times are shown in UTC instead.`],
  };
}

// ---------------------------------------------------------------------------
// Customer email
// ---------------------------------------------------------------------------

/** Every placeholder the customer-email template may use. */
export const CUSTOMER_EMAIL_PLACEHOLDERS = [
  'headline',
  'start',
  'end',
  'duration',
  'time_zone',
  'what_happened',
  'who_was_affected',
  'what_we_did',
  'prevention',
  'sign_off',
] as const;

/** What the comms person writes; times come from the incident unless overridden. */
export interface CustomerEmailFacts {
  incident: Incident;
  /** Subject wording; default `incident.summary`. */
  headline?: string;
  /** When customers were first affected, if before or after `incident.openedAt`. */
  impactStartedAt?: string;
  /** When customers stopped being affected; default `incident.resolvedAt`. */
  impactEndedAt?: string;
  whatHappened: string;
  whoWasAffected: string;
  whatWeDid: string;
  prevention: string;
  /** Default `The Zephyr team`. */
  signOff?: string;
}

/** A rendered email, ready for `toEml` or `mailtoUrl`. */
export interface RenderedEmail {
  subject: string;
  body: string;
  ok: boolean;
  problems: string[];
  missing: string[];
  unknown: string[];
}

/** The placeholder values of the customer email, times in `options.timeZone`. */
export function customerEmailValues(
  facts: CustomerEmailFacts,
  options: TimeOptions,
): Record<(typeof CUSTOMER_EMAIL_PLACEHOLDERS)[number], string | undefined> {
  const w = window(
    facts.impactStartedAt ?? facts.incident.openedAt,
    facts.impactEndedAt ?? facts.incident.resolvedAt,
    options,
  );
  return {
    headline: text(facts.headline) ?? text(facts.incident.summary),
    start: w.start,
    end: w.end,
    duration: w.duration,
    time_zone: w.time_zone,
    what_happened: text(facts.whatHappened),
    who_was_affected: text(facts.whoWasAffected),
    what_we_did: text(facts.whatWeDid),
    prevention: text(facts.prevention),
    sign_off: text(facts.signOff) ?? 'The Zephyr team',
  };
}

/**
 * Splits a rendered email into its `Subject:` first line and the body after it (one blank line
 * after the subject is dropped). `subject` is `null` when the first line is not a `Subject:`.
 */
export function splitSubject(rendered: string): { subject: string | null; body: string } {
  const m = /^Subject:[ \t]*(.*)\r?\n(?:\r?\n)?/.exec(rendered);
  if (!m) return { subject: null, body: rendered };
  return { subject: (m[1] ?? '').trim(), body: rendered.slice(m[0].length) };
}

/**
 * Renders the customer email from `template` (default `DEFAULT_CUSTOMER_EMAIL_TEMPLATE`), whose
 * first line is `Subject: …`. Without that line the subject falls back to the headline and a
 * problem says so. An unknown time zone falls back to UTC, also reported. A resolved incident
 * with every fact filled renders with `ok: true`.
 */
export function renderCustomerEmail(
  facts: CustomerEmailFacts,
  options: TimeOptions & { template?: string },
): RenderedEmail {
  const zone = checkZone(options);
  const values = customerEmailValues(facts, zone.options);
  const result = renderTemplate(options.template ?? DEFAULT_CUSTOMER_EMAIL_TEMPLATE, values, {
    known: CUSTOMER_EMAIL_PLACEHOLDERS,
  });
  const { subject, body } = splitSubject(result.text);
  const problems = [...zone.problems, ...result.problems];
  if (subject === null) {
    problems.push('The template has no "Subject:" first line: the headline is used as subject.');
  }
  return {
    subject: subject ?? values.headline ?? facts.incident.summary,
    body,
    ok: problems.length === 0,
    problems,
    missing: result.missing,
    unknown: result.unknown,
  };
}

// ---------------------------------------------------------------------------
// Post-mortem
// ---------------------------------------------------------------------------

/** Every placeholder the post-mortem template may use. */
export const POST_MORTEM_PLACEHOLDERS = [
  'title',
  'incident_id',
  'severity',
  'status',
  'start',
  'end',
  'duration',
  'time_zone',
  'commander',
  'comms',
  'investigators',
  'summary',
  'impact',
  'timeline',
  'root_cause',
  'went_well',
  'went_badly',
  'action_items',
  'action_item_label',
  'channel',
  'ticket',
  'status_page',
] as const;

/** What the commander writes, plus the incident record and its updates. */
export interface PostMortemFacts {
  incident: Incident;
  /** The status updates posted during the incident, in any order. */
  updates: readonly IncidentUpdate[];
  summary: string;
  impact: string;
  rootCause: string;
  wentWell: readonly string[];
  wentBadly: readonly string[];
  actionItems: readonly ActionItem[];
}

const STATUS_LABEL: Record<IncidentUpdate['status'], string> = {
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
};

function bullets(items: readonly string[]): string | undefined {
  const kept = items.map((i) => i.trim()).filter((i) => i !== '');
  return kept.length > 0 ? kept.map((i) => `- ${i}`).join('\n') : undefined;
}

/**
 * The timeline as Markdown bullets, oldest first: the opening, every update (time, status,
 * message, author) and the resolution, times in `options.timeZone`.
 */
export function formatTimeline(
  incident: Incident,
  updates: readonly IncidentUpdate[],
  options: TimeOptions,
): string {
  const entries: { at: number; line: string }[] = [
    { at: Date.parse(incident.openedAt), line: 'Incident opened' },
    ...updates.map((u) => ({
      at: Date.parse(u.postedAt),
      line: `**${STATUS_LABEL[u.status]}**: ${u.message.trim()} (${u.author.name})`,
    })),
  ];
  if (incident.resolvedAt !== undefined) {
    entries.push({ at: Date.parse(incident.resolvedAt), line: 'Incident resolved' });
  }
  return entries
    .filter((e) => !Number.isNaN(e.at))
    .sort((a, b) => a.at - b.at)
    .map((e) => `- ${formatDateTime(e.at, options)}: ${e.line}`)
    .join('\n');
}

/** Action items as a Markdown task list: `- [ ] title — owner — ticket (status)`. */
export function formatActionItems(items: readonly ActionItem[]): string | undefined {
  if (items.length === 0) return undefined;
  return items
    .map((i) => {
      const parts = [i.title.trim(), i.owner?.name.trim() || 'no owner'];
      if (i.ticket) parts.push(i.ticket);
      return `- [${isShipped(i.status) ? 'x' : ' '}] ${parts.join(' — ')} (${i.status})`;
    })
    .join('\n');
}

/** The placeholder values of the post-mortem, times in `options.timeZone`. */
export function postMortemValues(
  facts: PostMortemFacts,
  playbook: Playbook,
  options: TimeOptions,
): Record<(typeof POST_MORTEM_PLACEHOLDERS)[number], string | undefined> {
  const { incident } = facts;
  const w = window(incident.openedAt, incident.resolvedAt, options);
  const rule = playbook.severities.find((s) => s.level === incident.severity);
  const investigators = incident.roles.investigators.map((p) => p.name).join(', ');
  return {
    title: text(incident.summary),
    incident_id: incident.id,
    severity: rule ? `${rule.name}: ${rule.summary}` : `SEV-${incident.severity}`,
    status: incident.status,
    start: w.start,
    end: w.end,
    duration: w.duration,
    time_zone: w.time_zone,
    commander: text(incident.roles.commander?.name),
    comms: text(incident.roles.comms?.name),
    investigators: text(investigators),
    summary: text(facts.summary),
    impact: text(facts.impact),
    timeline: formatTimeline(incident, facts.updates, options),
    root_cause: text(facts.rootCause),
    went_well: bullets(facts.wentWell),
    went_badly: bullets(facts.wentBadly),
    action_items: formatActionItems(facts.actionItems),
    action_item_label: playbook.postMortem.actionItemLabel,
    channel: text(incident.links.channel),
    ticket: text(incident.links.ticket),
    status_page: text(incident.links.statusPage),
  };
}

/**
 * Renders the post-mortem from `template` (default `DEFAULT_POST_MORTEM_TEMPLATE`). Besides
 * unfilled placeholders (an unresolved incident has no end; empty lists count as missing),
 * `problems` carries every action-item problem from `validateActionItems` (each needs a named
 * owner), so the draft cannot look finished while an item has no owner.
 */
export function renderPostMortem(
  facts: PostMortemFacts,
  playbook: Playbook,
  options: TimeOptions & { template?: string },
): RenderResult {
  const zone = checkZone(options);
  const result = renderTemplate(
    options.template ?? DEFAULT_POST_MORTEM_TEMPLATE,
    postMortemValues(facts, playbook, zone.options),
    { known: POST_MORTEM_PLACEHOLDERS },
  );
  const itemProblems = validateActionItems(facts.actionItems, playbook).map((p) => p.message);
  const problems = [...zone.problems, ...result.problems, ...itemProblems];
  return { ...result, ok: problems.length === 0, problems };
}
