/**
 * Hands a rendered email to the user's mail client: as an `.eml` file (RFC 5322 with MIME, UTF-8
 * body in quoted-printable) or as a `mailto:` link (RFC 6068). Pure string building: runs in main
 * and in the renderer.
 */

/** What goes into an `.eml` file. */
export interface EmlInput {
  /** `jane@example.com` or `Jane Doe <jane@example.com>`; absent: an unsent draft (see `toEml`). */
  from?: string;
  /** One address or several, same forms as `from`. */
  to?: string | readonly string[];
  subject: string;
  body: string;
  /** The Date header; written in UTC. */
  date: Date | number;
}

/** Thrown when an address cannot be written into a header safely. */
export class EmlAddressError extends Error {
  override name = 'EmlAddressError';
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number): string => String(n).padStart(2, '0');

/** `date` as an RFC 5322 date-time in UTC, e.g. `Tue, 04 Mar 2025 14:05:00 +0000`. */
export function rfc5322Date(date: Date | number): string {
  const d = new Date(date);
  if (Number.isNaN(d.getTime())) throw new RangeError('toEml: date is not a valid time');
  return (
    `${DAYS[d.getUTCDay()]}, ${pad(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ` +
    `${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:` +
    `${pad(d.getUTCSeconds())} +0000`
  );
}

const utf8 = new TextEncoder();
// eslint-disable-next-line no-control-regex
const isAscii = (s: string): boolean => /^[\x00-\x7f]*$/.test(s);

function base64(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes));
}

/**
 * `text` as RFC 2047 encoded-words (`=?UTF-8?B?…?=`), each at most 60 characters and never
 * splitting a character, joined by folding whitespace.
 */
function encodedWords(text: string): string {
  const words: string[] = [];
  let chunk = '';
  for (const ch of text) {
    if (utf8.encode(chunk + ch).length > 36) {
      words.push(chunk);
      chunk = '';
    }
    chunk += ch;
  }
  if (chunk !== '') words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${base64(utf8.encode(w))}?=`).join('\r\n ');
}

/** Folds an ASCII header value at spaces so lines stay within 78 characters where possible. */
function fold(name: string, value: string): string {
  const out: string[] = [];
  let line = `${name}:`;
  for (const word of value.split(' ')) {
    if (line.length + 1 + word.length > 78 && line.length > name.length + 1) {
      out.push(line);
      line = ` ${word}`;
    } else line += ` ${word}`;
  }
  out.push(line);
  return out.join('\r\n');
}

const ADDR_SPEC =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$/;

interface Mailbox {
  name: string | null;
  address: string;
}

function parseMailbox(raw: string, field: string): Mailbox {
  if (/[\r\n]/.test(raw)) throw new EmlAddressError(`${field}: "${raw}" contains a line break`);
  const trimmed = raw.trim();
  const m = /^(.*?)\s*<([^<>]+)>$/.exec(trimmed);
  const address = (m ? m[2] : trimmed)?.trim() ?? '';
  if (!ADDR_SPEC.test(address)) {
    throw new EmlAddressError(
      `${field}: "${trimmed}" is not an email address (expected name@example.com or Name <name@example.com>)`,
    );
  }
  const name = m?.[1]?.trim().replace(/^"(.*)"$/, '$1') ?? '';
  return { name: name === '' ? null : name, address };
}

function mailboxHeader(mb: Mailbox): string {
  if (mb.name === null) return mb.address;
  if (!isAscii(mb.name)) return `${encodedWords(mb.name)} <${mb.address}>`;
  if (/[()<>[\]:;@\\,."]/.test(mb.name)) {
    return `"${mb.name.replace(/["\\]/g, '\\$&')}" <${mb.address}>`;
  }
  return `${mb.name} <${mb.address}>`;
}

function list(to: string | readonly string[] | undefined): string[] {
  if (to === undefined) return [];
  return (typeof to === 'string' ? [to] : [...to]).filter((t) => t.trim() !== '');
}

const hex = (b: number): string => `=${b.toString(16).toUpperCase().padStart(2, '0')}`;

/**
 * `text` in quoted-printable (RFC 2045 §6.7) over its UTF-8 bytes, CRLF line breaks, encoded
 * lines at most 76 characters (soft breaks never split an `=XX`). Trailing spaces and tabs are
 * encoded, and so is the `F` of a line starting `From ` (mbox readers would mangle it).
 */
export function quotedPrintable(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => {
      const bytes = utf8.encode(line);
      const tokens: string[] = [];
      bytes.forEach((b, i) => {
        const last = i === bytes.length - 1;
        if (b === 0x3d || b > 0x7e || (b < 0x20 && b !== 0x09)) tokens.push(hex(b));
        else if ((b === 0x20 || b === 0x09) && last) tokens.push(hex(b));
        else if (i === 0 && b === 0x46 && line.startsWith('From ')) tokens.push(hex(b));
        else tokens.push(String.fromCharCode(b));
      });
      const out: string[] = [];
      let current = '';
      for (const t of tokens) {
        if (current.length + t.length > 75) {
          out.push(`${current}=`);
          current = '';
        }
        current += t;
      }
      out.push(current);
      return out.join('\r\n');
    })
    .join('\r\n');
}

/**
 * A complete RFC 5322 message with MIME headers: CRLF line endings, `Date` (UTC), `From` and `To`
 * when given, `Subject` (RFC 2047 encoded-words when not ASCII, folded otherwise; line breaks in
 * it become spaces), `MIME-Version: 1.0`, `Content-Type: text/plain; charset=utf-8` and the body
 * in quoted-printable. Without `from` the message is a draft: RFC 5322 requires `From`, so it
 * carries `X-Unsent: 1` instead, which mail clients (Outlook, Thunderbird, Apple Mail) open as a
 * message to send from the user's own account. Throws `EmlAddressError` for an address that is
 * not one, or contains a line break (header injection).
 */
export function toEml(input: EmlInput): string {
  const headers: string[] = [`Date: ${rfc5322Date(input.date)}`];
  if (input.from !== undefined && input.from.trim() !== '') {
    headers.push(`From: ${mailboxHeader(parseMailbox(input.from, 'from'))}`);
  }
  const to = list(input.to).map((t, i) => mailboxHeader(parseMailbox(t, `to[${i}]`)));
  if (to.length > 0) headers.push(`To: ${to.join(',\r\n ')}`);
  const subject = input.subject.replace(/[\r\n\t]+/g, ' ').trim();
  headers.push(isAscii(subject) ? fold('Subject', subject) : `Subject: ${encodedWords(subject)}`);
  headers.push(
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: quoted-printable',
  );
  if (!headers.some((h) => h.startsWith('From:'))) headers.push('X-Unsent: 1');
  const body = quotedPrintable(input.body);
  return `${headers.join('\r\n')}\r\n\r\n${body.endsWith('\r\n') ? body : `${body}\r\n`}`;
}

/**
 * A `mailto:` URL (RFC 6068) that opens the user's mail client with `to`, `subject` and `body`
 * filled in; line breaks in the body are sent as `%0D%0A`. Only the address part of `Name
 * <address>` is used. Some clients cut very long URLs (about 2,000 characters on Windows):
 * offer the `.eml` for long emails.
 */
export function mailtoUrl(input: {
  to?: string | readonly string[];
  subject: string;
  body: string;
}): string {
  const to = list(input.to)
    .map((t, i) => encodeURIComponent(parseMailbox(t, `to[${i}]`).address).replace(/%40/g, '@'))
    .join(',');
  const body = input.body.replace(/\r\n?/g, '\n').replace(/\n/g, '\r\n');
  return `mailto:${to}?subject=${encodeURIComponent(input.subject)}&body=${encodeURIComponent(body)}`;
}
