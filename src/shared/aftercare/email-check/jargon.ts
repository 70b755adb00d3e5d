/**
 * `jargon`: words customers cannot use. Internal hostnames and addresses, identifiers as code
 * writes them (snake_case, kebab-case-ids, dotted.names, camelCase), ticket ids, metric names
 * (p99, 5xx, SLO), CI/CD and orchestration terms (pods, k8s, nodes draining), and the team's
 * code names. Template placeholders (`{{who_was_affected}}`) and quoted product text are masked
 * out before this rule reads the draft.
 */
import { type Draft, type EmailFinding, type Match, finding, matches, push } from './text.js';

/** Extra knowledge the playbook does not (yet) carry. */
export interface EmailCheckOptions {
  /**
   * Internal service code names (e.g. `falcon`, `Hermes`) to flag as jargon, matched as whole
   * words, case-insensitively.
   */
  codeNames?: readonly string[];
}

const IDENTIFIER = 'Internal identifier: describe the component in plain words.';

const HOSTNAME =
  /\b(?:[a-z0-9-]+\.)+(?:internal|svc\.cluster\.local|cluster\.local|local|lan|corp|intranet)\b|\bip-\d{1,3}-\d{1,3}-\d{1,3}-\d{1,3}\b/gi;
const PRIVATE_IP =
  /\b(?:10(?:\.\d{1,3}){3}|192\.168(?:\.\d{1,3}){2}|172\.(?:1[6-9]|2\d|3[01])(?:\.\d{1,3}){2})(?::\d+)?\b/g;
const ENV_HOST =
  /\b(?:prod|prd|production|stg|staging|dev|qa|uat|preprod|canary)(?:-[a-z0-9]+)+\b/g;
const KEBAB = /(?<![\w.@/-])[a-z][a-z0-9]*(?:-[a-z0-9]+)+(?![\w@/-]|\.\w)/g;
const SNAKE_CASE = /\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b/gi;
const CAMEL_CASE = /\b[a-z]{2,}[A-Z][A-Za-z0-9]*\b/g;
// Lower-case dotted names with at least two dots ("rates.cache.ttl"); web addresses end in a
// top-level domain customers can type and stay allowed.
const DOTTED = /(?<![\w@/.])[a-z][a-z0-9_]*(?:\.[a-z0-9_]+){2,}\b(?!\.\w)/g;
const WEB_TLD = /\.(?:com|org|net|io|co|uk|de|fr|eu|example|dev|app|info|biz|us|ca|au|nl|es|it)$/;
const TICKET = /\b[A-Z][A-Z0-9]{1,9}-\d+\b/g;
const METRIC =
  /\b(?:p(?:50|75|90|95|99|999)|[1-5]xx|SLOs?|SLIs?|SLAs? breach\w*|MTT[RDAF]|error budgets?|apdex|QPS|RPS|TPS|IOPS)\b/gi;
const INFRA =
  /\b(?:k8s|kubernetes|kubectl|pods?|autoscal\w+|helm(?: charts?)?|replicas?|replica sets?|ingress(?: controller)?|etcd|node pools?|nodes?(?: were| was)? draining|drain(?:ing|ed)? (?:the |a |our )?nodes?|nodes? drain\w*|containers?|shards?|sharding|OOM\w*|CrashLoopBackOff|terraform|runbooks?|CI\/CD|CI|CD pipelines?|(?:build|deploy(?:ment)?|release) pipelines?|canary(?: stage| release| deploy(?:ment)?)?|blue[- ]green|hotfix(?:es)?|cron ?jobs?|crons?|on-call rotation|SEV-?[1-4]|P[0-4] incident|feature flags?|config maps?|load balancers?|DNS TTLs?|TTLs?)\b/gi;
// Public identifiers customers may read: CVE ids, standards, time offsets, encodings.
const PUBLIC_TICKET_PREFIXES = new Set(
  'CVE CWE GHSA ISO IEC RFC EN SOC PCI UTC GMT UTF TLS SSL SHA HTTP COVID'.split(' '),
);
const PUBLIC_KEBAB =
  /^(?:(?:us|eu|ap|sa|ca|me|af|il|mx)(?:-[a-z]+)+-\d|utf-8|iso-8859-\d+|sha-\d+|covid-19|tls-1-\d|x-\w+)$/;
// Hyphenated English ("out-of-date", "end-to-end", "sign-in") has a function word or a
// particle in it; identifiers ("order-events-consumer") do not.
const ENGLISH_LINK =
  /^(?:a|an|the|to|of|on|in|up|out|off|by|for|and|or|at|with|over|under|day|end|one|two|date|art|non|re|co|pre|self|well|long|short|high|low|all|per|time)$/;
// Common camelCase brand spellings that are not code.
const CAMEL_BRANDS = /^(?:iPhone|iPad|iOS|macOS|eBay|iCloud|iTunes|watchOS|tvOS|ePay)$/;

function kebabIdentifiers(text: string): Match[] {
  return matches(KEBAB, text).filter((m) => {
    if (PUBLIC_KEBAB.test(m.value)) return false;
    const parts = m.value.split('-');
    if (/\d/.test(m.value)) return true;
    return parts.length >= 3 && !parts.some((p) => ENGLISH_LINK.test(p));
  });
}

function codeNameMatches(text: string, options: EmailCheckOptions): Match[] {
  const names = (options.codeNames ?? []).map((n) => n.trim()).filter((n) => n.length > 0);
  if (names.length === 0) return [];
  const escaped = names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return matches(new RegExp(`(?<![\\w-])(?:${escaped.join('|')})(?![\\w-])`, 'gi'), text);
}

/** Adds the `jargon` findings to `findings`. */
export function checkJargon(
  draft: Draft,
  options: EmailCheckOptions,
  findings: EmailFinding[],
): void {
  const text = draft.masked;
  const add = (spans: Match[], message: string): void => {
    for (const s of spans) push(findings, finding('jargon', s, message));
  };
  add(matches(HOSTNAME, text), 'Internal hostname: customers cannot use it; name the feature.');
  add(matches(PRIVATE_IP, text), 'Private IP address: an internal detail; leave it out.');
  add(matches(ENV_HOST, text), 'Internal server name: name the feature customers use instead.');
  add(
    codeNameMatches(text, options),
    'Internal code name: customers know the product, not our service names.',
  );
  add(
    matches(TICKET, text).filter((m) => !PUBLIC_TICKET_PREFIXES.has(m.value.split('-')[0] ?? '')),
    'Internal ticket id: customers cannot open it; leave it out.',
  );
  add(kebabIdentifiers(text), IDENTIFIER);
  add(matches(SNAKE_CASE, text), IDENTIFIER);
  add(
    matches(CAMEL_CASE, text).filter((m) => !CAMEL_BRANDS.test(m.value)),
    IDENTIFIER,
  );
  add(
    matches(DOTTED, text).filter((m) => !WEB_TLD.test(m.value)),
    IDENTIFIER,
  );
  add(matches(METRIC, text), 'Metric name: say what customers saw (slow pages, failed requests).');
  add(matches(INFRA, text), 'Infrastructure jargon: say it in words a customer uses.');
}
