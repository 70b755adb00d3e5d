/**
 * The first-run screen: says plainly that the app runs on a demo platform, and offers the three
 * ways forward (connect Zephyr, connect PagerDuty, or explore the demo). Connecting either one
 * replaces the demo platform, and the screen goes away by itself.
 */
import { useState, type ReactNode } from 'react';
import type { CommandOutput } from '../../../shared/contract.js';
import { ErrorText } from '../../components/error-text.js';
import { PlatformCheckStatus, usePlatformCheck } from '../../components/platform-connect.js';
import { useCommand } from '../../lib/use-command.js';
import {
  PdRegionPicker,
  PdTestResult,
  PdTokenField,
  usePdHost,
} from '../../components/pagerduty-connect.js';

function ConnectZephyr(): ReactNode {
  const update = useCommand('settings:update');
  const setSecret = useCommand('settings:set-secret');
  const platform = usePlatformCheck();
  const [url, setUrl] = useState('');
  const [token, setToken] = useState('');
  const [tokenMissing, setTokenMissing] = useState(false);
  const [done, setDone] = useState(false);
  const busy = update.busy || setSecret.busy || platform.busy;

  const connect = async (): Promise<void> => {
    setDone(false);
    setTokenMissing(token === '');
    if (token === '') return;
    // Saved only once the platform said who the token belongs to: until then the demo stays.
    if (!(await platform.check(url, token))) return;
    // The token goes first, so the source is never started against the new URL without it.
    if (!(await setSecret.run({ name: 'platformToken', value: token }))) return;
    if (!(await update.run({ patch: { platformUrl: url.trim() } }))) return;
    setToken('');
    setDone(true);
  };

  return (
    <form
      className="card choice"
      aria-labelledby="connect-zephyr-title"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void connect();
      }}
    >
      <h2 id="connect-zephyr-title" className="card__title">
        Connect the Zephyr platform
      </h2>
      <p className="muted">Your team&apos;s rotations and pages, from your platform.</p>
      <div className="field">
        <label className="field__label" htmlFor="first-run-url">
          Platform URL
        </label>
        <input
          id="first-run-url"
          className="input"
          type="url"
          placeholder="https://zephyr.example.com"
          value={url}
          aria-invalid={platform.urlError ? true : undefined}
          aria-describedby={platform.urlError ? 'first-run-url-error' : undefined}
          onChange={(event) => {
            platform.reset();
            setUrl(event.target.value);
          }}
        />
        <ErrorText message={platform.urlError} id="first-run-url-error" />
      </div>
      <div className="field">
        <label className="field__label" htmlFor="first-run-token">
          Platform token
        </label>
        <input
          id="first-run-token"
          className="input"
          type="password"
          autoComplete="off"
          value={token}
          aria-invalid={platform.tokenError || tokenMissing ? true : undefined}
          aria-describedby="first-run-token-hint first-run-token-error"
          onChange={(event) => {
            platform.reset();
            setTokenMissing(false);
            setToken(event.target.value);
          }}
        />
        <p className="field__hint" id="first-run-token-hint">
          Stored by the Zephyr service, never shown again.
        </p>
        <ErrorText
          message={platform.tokenError ?? (tokenMissing ? 'Enter your platform token.' : null)}
          id="first-run-token-error"
        />
      </div>
      <button type="submit" className="button button--primary" disabled={busy}>
        {busy ? 'Connecting…' : 'Connect'}
      </button>
      <PlatformCheckStatus state={platform} />
      {done ? (
        <p className="saved" role="status">
          Saved. Zephyr is switching to your platform.
        </p>
      ) : null}
      <ErrorText message={setSecret.error ?? update.error} />
    </form>
  );
}

function ConnectPagerDuty(): ReactNode {
  const test = useCommand('sources:test');
  const update = useCommand('settings:update');
  const setSecret = useCommand('settings:set-secret');
  const [token, setToken] = useState('');
  const host = usePdHost('');
  const [localError, setLocalError] = useState<string | null>(null);
  const [result, setResult] = useState<CommandOutput<'sources:test'> | null>(null);
  const [done, setDone] = useState(false);
  const busy = test.busy || update.busy || setSecret.busy;

  // Checked before anything is saved: a refused token or the wrong region is said at once.
  const connect = async (): Promise<void> => {
    setLocalError(null);
    setResult(null);
    setDone(false);
    if (token === '') {
      setLocalError('Enter your PagerDuty API token.');
      return;
    }
    const chosen = host.chosen();
    if ('error' in chosen) {
      setLocalError(chosen.error);
      return;
    }
    const answer = await test.run({ source: 'pagerduty', token, apiUrl: chosen.url });
    if (!answer) return;
    setResult(answer);
    if (!answer.ok) return;
    if (!(await update.run({ patch: { pagerdutyApiUrl: chosen.url } }))) return;
    if (!(await setSecret.run({ name: 'pagerdutyToken', value: token }))) return;
    setToken('');
    setDone(true);
  };

  return (
    <form
      className="card choice"
      aria-labelledby="connect-pd-title"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void connect();
      }}
    >
      <h2 id="connect-pd-title" className="card__title">
        Connect PagerDuty
      </h2>
      <p className="muted">Bring your PagerDuty schedules and incidents into Zephyr.</p>
      <PdTokenField
        id="first-run-pd-token"
        label="PagerDuty API token"
        hint="A REST API user token. Stored by the Zephyr service."
        value={token}
        onChange={setToken}
      />
      <PdRegionPicker
        region={host.region}
        custom={host.custom}
        onRegion={host.setRegion}
        onCustom={host.setCustom}
      />
      <button type="submit" className="button button--primary" disabled={busy}>
        {busy ? 'Connecting…' : 'Connect PagerDuty'}
      </button>
      {done ? (
        <p className="saved" role="status">
          PagerDuty connected. Zephyr is switching to your PagerDuty account.
        </p>
      ) : (
        <PdTestResult
          result={result}
          onUseRegion={(url) => {
            host.takeSuggested(url);
            setResult(null);
          }}
        />
      )}
      <ErrorText message={localError ?? test.error ?? update.error ?? setSecret.error} />
    </form>
  );
}

/** The first-run screen, shown while `state.firstRun`. */
export function FirstRun(): ReactNode {
  const dismiss = useCommand('app:dismiss-first-run');
  return (
    <div className="view first-run">
      <div className="first-run__intro">
        <h1 className="view__title">Welcome to Zephyr On-Call</h1>
        <p className="lead">
          Zephyr rings loudly when you are paged, counts down to the next escalation, and lets you
          acknowledge in one click.
        </p>
        <p className="callout">
          <strong>Right now it runs on a demo platform.</strong> The rotations and pages you see are
          made up, and nothing from your real pager reaches you until you connect it.
        </p>
      </div>
      <div className="choices">
        <ConnectZephyr />
        <ConnectPagerDuty />
        <section className="card choice" aria-labelledby="explore-title">
          <h2 id="explore-title" className="card__title">
            Explore the demo
          </h2>
          <p className="muted">
            Look around with made-up data. Send yourself a test page to hear what a page sounds
            like. A banner keeps reminding you that this is the demo.
          </p>
          <button
            type="button"
            className="button button--secondary"
            disabled={dismiss.busy}
            onClick={() => void dismiss.run({})}
          >
            Explore the demo
          </button>
          <ErrorText message={dismiss.error} />
        </section>
      </div>
    </div>
  );
}
