/**
 * A scriptable fake `window.zephyr` for UI-only tests and screenshots: `installFakeZephyr(page, log)`
 * installs it before the renderer loads. In the page, `window.__zephyrFake` lets a test read the
 * calls made and change the state (each change is pushed as 'app:state-changed', as main would).
 * The fake is held to the IPC contract: every request it receives, every answer it gives and every
 * event it pushes is parsed in the test process with the contract's zod schemas
 * (helpers/contract-check.ts), and each mismatch lands in the test's `ContractLog`. A request the
 * contract refuses is answered `invalid-payload`, as main's dispatcher answers it.
 */
import type { Page } from 'playwright-core';
import { COMMAND_NAMES, Settings, type SettingsView } from '../../src/shared/contract.js';
import type { AppState, PageView, Person } from '../../src/shared/domain.js';
import { DEFAULT_PLAYBOOK, type Playbook } from '../../src/shared/playbook.js';
import {
  checkAnswer,
  checkEvent,
  checkRequest,
  type ContractLog,
} from './helpers/contract-check.js';

/** The page binding through which the fake has each message checked against the contract. */
const CONTRACT_BINDING = '__zephyrContract';

/** What the fake starts with and how it behaves. */
export interface FakeZephyrOptions {
  state: AppState;
  settings: SettingsView;
  playbook: { playbook: Playbook; origin: string; error?: string };
  /** Confirm an acknowledge after this many ms; `null` leaves it pending until the test confirms. */
  ackConfirmAfterMs: number | null;
  /** Who the confirmed acknowledgement names. */
  ackBy: Person;
  /** Commands that fail, with the message they answer. */
  failures: Record<string, string>;
}

/** The in-page control surface, at `window.__zephyrFake`. */
export interface FakeZephyrControl {
  calls: { name: string; input: unknown }[];
  state: AppState;
  /** Replaces the state; resolves once it was checked and pushed as 'app:state-changed'. */
  setState(state: AppState): Promise<void>;
  confirmAck(key: string): Promise<void>;
  failNext(name: string, message: string): void;
}

type Check = (
  kind: 'request' | 'answer' | 'event',
  name: string,
  payload: unknown,
) => Promise<string | null>;

/** Runs inside the page: must not reference anything outside its own body. */
function installInPage(options: FakeZephyrOptions, binding: string, names: string[]): void {
  const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const failures: Record<string, string> = { ...options.failures };
  const check: Check = (kind, name, payload) => {
    const bound = (window as unknown as Record<string, Check | undefined>)[binding];
    if (!bound) throw new Error('The fake window.zephyr needs installFakeZephyr(page, log).');
    return bound(kind, name, payload);
  };
  // Events leave in the order they were made, each once the contract check has seen it.
  let pushed: Promise<void> = Promise.resolve();
  let settings = clone(options.settings);
  const control = {
    calls: [] as { name: string; input: unknown }[],
    state: clone(options.state),
    setState(next: AppState): Promise<void> {
      control.state = clone(next);
      const payload = clone(control.state);
      pushed = pushed
        .then(() => check('event', 'app:state-changed', payload))
        .then(() => {
          for (const listener of listeners.get('app:state-changed') ?? []) listener(clone(payload));
        });
      return pushed;
    },
    confirmAck(key: string): Promise<void> {
      const next = clone(control.state);
      for (const view of next.pages) {
        if (view.key !== key) continue;
        view.ack = { state: 'confirmed' };
        view.ringing = false;
        view.page.status = 'acknowledged';
        view.page.acknowledgedBy = options.ackBy;
        view.page.acknowledgedAt = new Date().toISOString();
      }
      return control.setState(next);
    },
    failNext(name: string, message: string) {
      failures[name] = message;
    },
  };
  const handlers: Record<string, (input: Record<string, unknown>) => unknown> = {
    'app:get-state': () => clone(control.state),
    'app:dismiss-first-run': () => {
      void control.setState({ ...control.state, firstRun: false });
      return {};
    },
    'pages:acknowledge': (input) => {
      const key = String(input.key);
      const next = clone(control.state);
      const view = next.pages.find((p) => p.key === key);
      if (!view) throw new Error(`No page ${key}.`);
      view.ack = { state: 'pending' };
      void control.setState(next);
      if (options.ackConfirmAfterMs !== null) {
        setTimeout(() => void control.confirmAck(key), options.ackConfirmAfterMs);
      }
      return { state: 'pending' };
    },
    'pages:send-test': () => ({ pageId: `test-${control.calls.length}` }),
    'alerts:open-external': () => ({ opened: true }),
    'settings:get': () => clone(settings),
    'settings:update': (input) => {
      const patch = input.patch as Record<string, unknown>;
      settings = {
        ...settings,
        values: { ...settings.values, ...patch },
        origins: {
          ...settings.origins,
          ...Object.fromEntries(Object.keys(patch).map((k) => [k, 'settings'])),
        },
      };
      return clone(settings);
    },
    'settings:set-secret': (input) => {
      const name = String(input.name);
      settings = {
        ...settings,
        secrets: { ...settings.secrets, [name]: { set: true, managed: false } },
      };
      return clone(settings);
    },
    'playbook:get': () => clone(options.playbook),
    'platform:test': () => ({
      ok: true,
      person: { name: 'Ann Example', email: 'ann@example.com' },
      message: 'Connected as Ann Example',
    }),
    'declarations:list': () => ({ declarations: [] }),
    // The console as main lists it: the feed's incidents, no clocks or aftercare yet.
    'incidents:list': () => ({
      incidents: control.state.incidents.map((item) => ({
        ...clone(item),
        origin: 'feed',
        myRoles: [],
        lastUpdateAt: null,
        clocks: [],
        announcement: null,
        emailSentAt: null,
        postMortem: 'none',
      })),
      me: clone(control.state.sources[0]?.me ?? null),
    }),
  };
  /** What main would answer: a scripted failure, the handler's value, or why there is none. */
  const answer = (name: string, input: Record<string, unknown>, known: boolean): unknown => {
    const failure = failures[name];
    if (failure !== undefined) {
      delete failures[name];
      return { ok: false, error: { code: 'handler-failed', message: failure } };
    }
    const handler = handlers[name];
    if (!handler) {
      return known
        ? {
            ok: false,
            error: { code: 'unavailable', message: `The UI-only fake does not serve "${name}".` },
          }
        : { ok: false, error: { code: 'unknown-channel', message: `Unknown command "${name}".` } };
    }
    try {
      return { ok: true, value: handler(input) };
    } catch (error) {
      return { ok: false, error: { code: 'handler-failed', message: String(error) } };
    }
  };
  const api = {
    async invoke(name: string, input: Record<string, unknown>) {
      control.calls.push({ name, input: clone(input) });
      const refused = await check('request', name, clone(input));
      const known = names.includes(name);
      const result =
        refused !== null && known
          ? { ok: false, error: { code: 'invalid-payload', message: refused } }
          : answer(name, input, known);
      await check('answer', name, clone(result));
      return result;
    },
    on(name: string, listener: (payload: unknown) => void) {
      const set = listeners.get(name) ?? new Set();
      listeners.set(name, set);
      set.add(listener);
      return () => set.delete(listener);
    },
  };
  Object.defineProperty(window, 'zephyr', { value: Object.freeze(api) });
  Object.defineProperty(window, '__zephyrFake', { value: control });
}

/**
 * The init script for `page.addInitScript({ content })`. A string, not a function, so that
 * helpers the test transpiler may add (esbuild's `__name`) exist in the page too. It needs the
 * contract binding `installFakeZephyr` exposes: use that.
 */
export function fakeZephyrInitScript(overrides: Partial<FakeZephyrOptions> = {}): string {
  const options: FakeZephyrOptions = {
    state: overrides.state ?? demoState(Date.now()),
    settings: overrides.settings ?? defaultSettings(),
    playbook: overrides.playbook ?? {
      playbook: DEFAULT_PLAYBOOK,
      origin: 'company policy (built in)',
    },
    ackConfirmAfterMs:
      overrides.ackConfirmAfterMs === undefined ? null : overrides.ackConfirmAfterMs,
    ackBy: overrides.ackBy ?? people.ana,
    failures: overrides.failures ?? {},
  };
  const args = [options, CONTRACT_BINDING, COMMAND_NAMES].map((a) => JSON.stringify(a)).join(', ');
  return `var __name = function (f) { return f; };\n(${installInPage.toString()})(${args});`;
}

/**
 * Installs the fake `window.zephyr` in `page` (before its next navigation), every request,
 * answer and event checked against the contract; mismatches go to `log`.
 */
export async function installFakeZephyr(
  page: Page,
  log: ContractLog,
  overrides: Partial<FakeZephyrOptions> = {},
): Promise<void> {
  await page.exposeBinding(CONTRACT_BINDING, (_source, kind: string, name: string, payload) =>
    log.note(
      kind === 'request'
        ? checkRequest(name, payload)
        : kind === 'answer'
          ? checkAnswer(name, payload)
          : checkEvent(name, payload),
    ),
  );
  await page.addInitScript({ content: fakeZephyrInitScript(overrides) });
}

/** The demo roster's people. */
export const people = {
  ana: { id: 'u-ana', name: 'Ana Souza', email: 'ana@example.com' },
  bob: { id: 'u-bob', name: 'Bob Lee', email: 'bob@example.com' },
  chen: { id: 'u-chen', name: 'Chen Wei', email: 'chen@example.com' },
  dana: { id: 'u-dana', name: 'Dana Kim', email: 'dana@example.com' },
  emil: { id: 'u-emil', name: 'Emil Berg', email: 'emil@example.com' },
} satisfies Record<string, Person>;

const iso = (ms: number): string => new Date(ms).toISOString();
const MIN = 60_000;
const HOUR = 60 * MIN;

/** Settings as a fresh install reports them. */
export function defaultSettings(): SettingsView {
  return {
    values: Settings.parse({ alertVolume: 0.8, firstRunDone: true }),
    origins: {
      platformUrl: 'default',
      pollIntervalSeconds: 'default',
      feedAlarmSeconds: 'env',
      alertVolume: 'settings',
      launchAtLogin: 'default',
      playbookPath: 'default',
    },
    secrets: {
      platformToken: { set: false, managed: false },
      slackToken: { set: true, managed: false },
      statuspageToken: { set: false, managed: false },
      linearToken: { set: false, managed: false },
      pagerdutyToken: { set: false, managed: false },
    },
    envNames: {
      platformUrl: 'ZEPHYR_PLATFORM_URL',
      feedAlarmSeconds: 'ZEPHYR_FEED_ALARM_SECONDS',
      platformToken: 'ZEPHYR_PLATFORM_TOKEN',
    },
    errors: [],
  };
}

/** A page for Ana (me) that rings now, created `ageMs` ago, escalating to Bob in 5 min. */
export function ringingPage(nowMs: number, ageMs = 42_000): PageView {
  const created = nowMs - ageMs;
  return {
    key: 'zephyr:p-101',
    sourceId: 'zephyr',
    sourceLabel: 'Demo platform',
    page: {
      id: 'p-101',
      title: 'Checkout p99 latency above 2 s in eu-frankfurt',
      severity: 2,
      service: 'checkout',
      status: 'triggered',
      createdAt: iso(created),
      updatedAt: iso(created),
      target: people.ana,
      escalation: {
        step: 0,
        steps: [
          { afterSeconds: 0, role: 'rotation', person: people.ana, notifiedAt: iso(created) },
          { afterSeconds: 300, role: 'rotation-next', person: people.bob },
        ],
        nextAt: iso(created + 300_000),
        nextTarget: people.bob,
      },
      links: {
        runbook: 'https://github.com/zephyr-platform/platform/blob/main/runbooks/incident.md',
      },
    },
    ringing: true,
    headsUp: false,
    ack: { state: 'none' },
    skewMs: 0,
  };
}

/** Someone else's page that reaches me next: a heads-up. */
export function headsUpPage(nowMs: number): PageView {
  const created = nowMs - 2 * MIN;
  return {
    key: 'zephyr:p-102',
    sourceId: 'zephyr',
    sourceLabel: 'Demo platform',
    page: {
      id: 'p-102',
      title: 'Search indexer lag above 10 min',
      severity: 3,
      service: 'search',
      status: 'triggered',
      createdAt: iso(created),
      updatedAt: iso(created),
      target: people.chen,
      escalation: { step: 0, steps: [], nextAt: iso(created + 5 * MIN), nextTarget: people.ana },
    },
    ringing: false,
    headsUp: true,
    ack: { state: 'none' },
    skewMs: 0,
  };
}

/** The demo as a new user sees it after "Explore the demo": on call, one incident, no pages. */
export function demoState(nowMs: number): AppState {
  const shiftStart = nowMs - 5 * HOUR;
  const shiftEnd = nowMs + 3 * HOUR + 12 * MIN;
  return {
    sources: [
      {
        id: 'zephyr',
        kind: 'zephyr',
        label: 'Demo platform',
        demo: true,
        health: { state: 'ok', alarm: false, lastSuccessAt: iso(nowMs - 3000) },
        me: people.ana,
      },
    ],
    onCall: true,
    myShiftsNow: [
      {
        rotationId: 'platform',
        rotationName: 'Platform',
        level: 1,
        start: iso(shiftStart),
        end: iso(shiftEnd),
      },
    ],
    myNextShift: {
      rotationId: 'platform',
      rotationName: 'Platform',
      level: 1,
      start: iso(nowMs + 4 * 24 * HOUR),
      end: iso(nowMs + 5 * 24 * HOUR),
    },
    rotations: [
      {
        sourceId: 'zephyr',
        id: 'platform',
        name: 'Platform',
        kind: 'platform',
        now: [
          { person: people.ana, level: 1, end: iso(shiftEnd) },
          { person: people.bob, level: 2, end: iso(shiftEnd) },
        ],
        next: [
          { person: people.chen, level: 1, start: iso(shiftEnd) },
          { person: people.dana, level: 2, start: iso(shiftEnd) },
        ],
      },
      {
        sourceId: 'zephyr',
        id: 'em',
        name: 'Engineering managers',
        kind: 'em',
        now: [{ person: people.dana, level: 1, end: iso(nowMs + 2 * 24 * HOUR) }],
        next: [{ person: people.emil, level: 1, start: iso(nowMs + 2 * 24 * HOUR) }],
      },
      {
        sourceId: 'zephyr',
        id: 'checkout',
        name: 'Checkout service',
        kind: 'service',
        now: [{ person: people.chen, level: 1, end: iso(nowMs + 20 * HOUR) }],
        next: [{ person: people.ana, level: 1, start: iso(nowMs + 20 * HOUR) }],
      },
    ],
    pages: [],
    incidents: [
      {
        sourceId: 'zephyr',
        incident: {
          id: 'inc-7',
          severity: 2,
          summary: 'Checkout p99 elevated in eu-frankfurt',
          service: 'checkout',
          region: 'eu-frankfurt',
          status: 'investigating',
          openedAt: iso(nowMs - 18 * MIN),
          roles: {
            commander: people.bob,
            comms: people.dana,
            investigators: [people.ana, people.chen],
          },
          links: {
            channel: 'https://example.slack.com/archives/C07INC7',
            statusPage: 'https://status.example.com/incidents/7',
            runbook: 'https://github.com/zephyr-platform/platform/blob/main/runbooks/incident.md',
          },
        },
      },
    ],
    tray: { state: 'on-call', tooltip: 'Zephyr: on call for Platform until 18:12' },
    reachability: { ok: true, problems: [] },
    playbook: { origin: 'company policy (built in)' },
    firstRun: false,
  };
}
