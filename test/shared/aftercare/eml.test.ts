import { describe, expect, it } from 'vitest';
import {
  EmlAddressError,
  mailtoUrl,
  quotedPrintable,
  rfc5322Date,
  toEml,
} from '../../../src/shared/aftercare/eml.js';

/** Reference decoders, written from RFC 2045 §6.7 and RFC 2047, to read back what toEml wrote. */
function decodeQp(qp: string): string {
  const joined = qp.replace(/=\r\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i += 1) {
    if (joined[i] === '=') {
      bytes.push(parseInt(joined.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(joined.charCodeAt(i));
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}
function decodeWords(value: string): string {
  return value
    .replace(/\?=\r\n =\?/g, '?==?')
    .replace(/=\?UTF-8\?B\?([^?]*)\?=/g, (_m, b64: string) =>
      new TextDecoder().decode(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))),
    );
}
function parse(eml: string): { headers: Map<string, string>; body: string } {
  const [head = '', ...rest] = eml.split('\r\n\r\n');
  const headers = new Map<string, string>();
  for (const h of head.split(/\r\n(?![ \t])/)) {
    const i = h.indexOf(':');
    headers.set(h.slice(0, i), h.slice(i + 1).replace(/^ /, ''));
  }
  return { headers, body: rest.join('\r\n\r\n') };
}

const DATE = Date.parse('2025-03-04T14:05:09Z');

describe('toEml', () => {
  it('writes an RFC 5322 message with MIME headers and CRLF line endings only', () => {
    const eml = toEml({
      from: 'Zephyr Support <support@zephyr.example>',
      to: ['ops@acme.example', 'Doe, Jane <jane@acme.example>'],
      subject: 'Incident report',
      body: 'Hello,\n\nAll good.\n',
      date: DATE,
    });
    expect(eml.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(eml.split('\r\n\r\n')[0]).toBe(
      [
        'Date: Tue, 04 Mar 2025 14:05:09 +0000',
        'From: Zephyr Support <support@zephyr.example>',
        'To: ops@acme.example,',
        ' "Doe, Jane" <jane@acme.example>',
        'Subject: Incident report',
        'MIME-Version: 1.0',
        'Content-Type: text/plain; charset=utf-8',
        'Content-Transfer-Encoding: quoted-printable',
      ].join('\r\n'),
    );
    expect(decodeQp(parse(eml).body)).toBe('Hello,\r\n\r\nAll good.\r\n');
  });

  it('marks a message without From as an unsent draft', () => {
    const eml = toEml({ subject: 's', body: 'b', date: DATE });
    expect(eml.endsWith('\r\n\r\nb\r\n')).toBe(true);
    const { headers } = parse(eml);
    expect(headers.get('X-Unsent')).toBe('1');
    expect(headers.has('From')).toBe(false);
    expect(headers.has('To')).toBe(false);
  });

  it('encodes a non-ASCII subject as UTF-8 encoded-words, lines within 76 characters', () => {
    const subject = 'Störung: Zahlungen in München und Zürich fehlgeschlagen — 14:05–14:50 MEZ 💳';
    const eml = toEml({ subject, body: 'x', date: DATE });
    const { headers } = parse(eml);
    const raw = headers.get('Subject') ?? '';
    expect(raw).toMatch(/^=\?UTF-8\?B\?/);
    expect(decodeWords(raw)).toBe(subject);
    for (const line of eml.split('\r\n')) expect(line.length).toBeLessThanOrEqual(76);
  });

  it('folds a long ASCII subject and turns line breaks in it into spaces (no header injection)', () => {
    const eml = toEml({
      subject: `Incident report\r\nBcc: victim@example.com ${'word '.repeat(20)}`,
      body: 'x',
      date: DATE,
    });
    expect(eml).not.toMatch(/\r\nBcc:/);
    const subject = parse(eml).headers.get('Subject') ?? '';
    expect(subject.replace(/\r\n /g, ' ')).toBe(
      `Incident report Bcc: victim@example.com ${'word '.repeat(20).trim()}`,
    );
    for (const line of eml.split('\r\n\r\n')[0]!.split('\r\n'))
      expect(line.length).toBeLessThanOrEqual(78);
  });

  it('encodes non-ASCII display names and rejects addresses that are not addresses', () => {
    const { headers } = parse(
      toEml({ from: 'Zoë Ñúñez <zoe@acme.example>', subject: 's', body: 'b', date: DATE }),
    );
    expect(decodeWords(headers.get('From') ?? '')).toBe('Zoë Ñúñez <zoe@acme.example>');
    expect(() => toEml({ to: 'not an address', subject: 's', body: 'b', date: DATE })).toThrow(
      EmlAddressError,
    );
    expect(() =>
      toEml({ to: 'a@b.example\r\nBcc: c@d.example', subject: 's', body: 'b', date: DATE }),
    ).toThrow(/line break/);
    expect(() => toEml({ subject: 's', body: 'b', date: NaN })).toThrow(/date/);
  });
});

describe('quotedPrintable', () => {
  it('round-trips UTF-8 text and keeps every line within 76 characters', () => {
    const text = `Grüße aus Köln — ${'é'.repeat(60)} = équivalent\n${'a'.repeat(200)}\ntrailing space \nFrom here on`;
    const qp = quotedPrintable(text);
    for (const line of qp.split('\r\n')) expect(line.length).toBeLessThanOrEqual(76);
    expect(qp).not.toMatch(/[^\x20-\x7e\r\n]/);
    expect(qp).toContain('trailing space=20\r\n');
    expect(qp).toContain('\r\n=46rom here on');
    expect(decodeQp(qp)).toBe(text.replace(/\n/g, '\r\n'));
  });
});

describe('rfc5322Date', () => {
  it('pads day and time fields and writes UTC', () => {
    expect(rfc5322Date(new Date('2026-01-09T03:04:05Z'))).toBe('Fri, 09 Jan 2026 03:04:05 +0000');
  });
});

describe('mailtoUrl', () => {
  it('encodes subject and body, with CRLF line breaks and bare addresses', () => {
    const url = mailtoUrl({
      to: ['Ops <ops@acme.example>', 'x+y@acme.example'],
      subject: 'Incident: 50% & more?',
      body: 'Line 1\nLine 2 é',
    });
    expect(url).toBe(
      'mailto:ops@acme.example,x%2By@acme.example?subject=Incident%3A%2050%25%20%26%20more%3F&body=Line%201%0D%0ALine%202%20%C3%A9',
    );
    const parsed = new URL(url);
    expect(parsed.searchParams.get('body')).toBe('Line 1\r\nLine 2 é');
  });

  it('works without a recipient', () => {
    expect(mailtoUrl({ subject: 's', body: 'b' })).toBe('mailto:?subject=s&body=b');
  });
});
