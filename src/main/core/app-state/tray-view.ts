/**
 * What the tray shows: its tooltip and its menu, as pure functions of the app state. The tray
 * adapters (Electron's `Tray`) only draw what these return.
 */
import type { AppState, PageView, SourceView, TrayState } from '../../../shared/domain.js';
import type { MyShift } from '../on-call/shifts.js';
import type { TrayMenuItem } from '../ports.js';

/** Tooltip line whenever a demo source is in use. */
export const DEMO_TOOLTIP = 'Demo platform: not connected to your pager';

/** Tray menu ids. */
export const TRAY_IDS = {
  ack: (key: string) => `ack:${key}`,
  sendTest: 'send-test',
  open: 'open',
  declare: 'declare',
  handoff: 'handoff',
  exportShifts: 'export-shifts',
  quit: 'quit',
} as const;

/** A time as the tray shows it: weekday, hours and minutes, in the user's locale. */
export function formatWhen(ms: number): string {
  return new Date(ms).toLocaleString(undefined, {
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
  });
}

/** The sources whose feeds cannot be read now (down, or their token refused). */
export function unreadableSources(sources: readonly SourceView[]): SourceView[] {
  return sources.filter((s) => s.health.state === 'down' || s.health.state === 'unauthorized');
}

/** "the platform", or the unreadable sources' names. */
function unreadableNames(sources: readonly SourceView[]): string {
  return (
    unreadableSources(sources)
      .map((s) => s.label)
      .join(', ') || 'the platform'
  );
}

/** What the tooltip is made from. */
export interface TooltipInput {
  state: TrayState;
  sources: readonly SourceView[];
  pages: readonly PageView[];
  shiftsNow: readonly MyShift[];
  nextShift: MyShift | undefined;
  openIncidents: number;
  reachability: AppState['reachability'];
}

/** The tray tooltip: the state's line, then reachability and demo warnings. */
export function tooltip(input: TooltipInput): string {
  const { state, sources, pages, shiftsNow, nextShift: next, openIncidents } = input;
  const lines: string[] = [];
  if (state === 'feed-down') {
    lines.push(`Zephyr On-Call: cannot reach ${unreadableNames(sources)}: you may miss pages`);
  } else if (state === 'unknown') {
    const since = unreadableSources(sources)
      .map((s) => (s.health.failingSince ? Date.parse(s.health.failingSince) : NaN))
      .filter((ms) => !Number.isNaN(ms));
    const when = since.length > 0 ? ` since ${formatWhen(Math.min(...since))}` : '';
    lines.push(
      `Zephyr On-Call: on call or not is unknown: cannot reach ${unreadableNames(sources)}${when}`,
    );
  } else if (state === 'paged') {
    const ringing = pages.filter((p) => p.ringing);
    lines.push(
      `Zephyr On-Call: paged: ${ringing.map((p) => `${p.page.title} (via ${p.sourceLabel})`).join(', ')}`,
    );
  } else if (state === 'incident') {
    lines.push(`Zephyr On-Call: ${openIncidents} open incident${openIncidents === 1 ? '' : 's'}`);
  } else if (state === 'on-call') {
    const until = Math.max(...shiftsNow.map((s) => s.endMs));
    lines.push(
      `Zephyr On-Call: on call (${shiftsNow.map((s) => s.rotationName).join(', ')}) until ${formatWhen(until)}`,
    );
  } else {
    lines.push(
      next
        ? `Zephyr On-Call: off call; next shift ${next.rotationName}, ${formatWhen(next.startMs)}`
        : 'Zephyr On-Call: off call',
    );
  }
  if (!input.reachability.ok) {
    lines.push(`Alerts may not reach you: ${input.reachability.problems[0] ?? ''}`);
  }
  if (sources.some((s) => s.demo)) lines.push(DEMO_TOOLTIP);
  return lines.join('\n');
}

/** The tray menu: who is on call, my next shift, open pages to acknowledge, `extras`, commands. */
export function trayMenu(state: AppState, extras: readonly TrayMenuItem[]): TrayMenuItem[] {
  const items: TrayMenuItem[] = [];
  // While a feed cannot be read, "nobody" and "no open pages" would be guesses: say unknown.
  const unreadable = unreadableSources(state.sources).length > 0;
  const unknown = `unknown (cannot reach ${unreadableNames(state.sources)})`;
  const onCallNow = state.rotations.filter((r) => r.now.length > 0);
  if (onCallNow.length === 0) {
    items.push({
      kind: 'label',
      label: unreadable ? `On call now: ${unknown}` : 'Nobody on call (no rotations yet)',
    });
  }
  for (const r of onCallNow) {
    const names = r.now.filter((s) => s.level === r.now[0]?.level).map((s) => s.person.name);
    items.push({ kind: 'label', label: `On call now, ${r.name}: ${names.join(', ')}` });
  }
  const next = state.myNextShift;
  items.push({
    kind: 'label',
    label: next
      ? `My next shift: ${next.rotationName}, ${formatWhen(Date.parse(next.start))}`
      : 'My next shift: none scheduled',
  });
  items.push({ kind: 'separator' });
  const open = state.pages.filter((p) => p.page.status !== 'resolved');
  if (open.length === 0) {
    items.push({ kind: 'label', label: unreadable ? `Open pages: ${unknown}` : 'No open pages' });
  }
  for (const p of open) {
    const can =
      p.page.status === 'triggered' && p.ack.state !== 'pending' && p.ack.state !== 'confirmed';
    items.push({
      kind: 'item',
      id: TRAY_IDS.ack(p.key),
      label: `Acknowledge ${p.page.title} (via ${p.sourceLabel})`,
      enabled: can,
    });
  }
  if (extras.length > 0) items.push({ kind: 'separator' }, ...extras);
  items.push({ kind: 'separator' });
  items.push({ kind: 'item', id: TRAY_IDS.declare, label: 'Declare incident…' });
  items.push({ kind: 'item', id: TRAY_IDS.sendTest, label: 'Send test page' });
  items.push({ kind: 'item', id: TRAY_IDS.handoff, label: 'Hand-off brief…' });
  items.push({ kind: 'item', id: TRAY_IDS.exportShifts, label: 'Export my shifts (.ics)…' });
  items.push({ kind: 'item', id: TRAY_IDS.open, label: 'Open' });
  items.push({ kind: 'item', id: TRAY_IDS.quit, label: 'Quit' });
  return items;
}
