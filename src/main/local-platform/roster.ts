/**
 * The sample roster the local platform starts with: the app's user is level 1 of the platform
 * rotation, so a page to that rotation rings for them; everyone else exists so escalation has
 * somewhere to go.
 */
import { randomBytes } from 'node:crypto';
import type { PlatformState, StoredPerson, StoredRotation } from './state.js';

/** Ids of the sample roster's other people, stable so tests can act as them. */
export const SAMPLE_PEOPLE = {
  platformSecond: 'priya',
  em: 'marcus',
  founder: 'dana',
  checkoutOwner: 'sam',
  paymentsOwner: 'jules',
} as const;

/** Ids of the sample rotations. */
export const SAMPLE_ROTATIONS = {
  platform: 'platform',
  em: 'em',
  founder: 'founder',
  checkout: 'checkout',
  payments: 'payments',
} as const;

/** A fresh random bearer token. */
export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Person id of the app's user, derived from their name (letters and digits only). */
export function userPersonId(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return `user-${slug || 'me'}`;
}

/**
 * A new state with the sample roster. The user's token is `userToken`; everyone else gets a
 * token from `makeToken` (stored in the state, readable through the control API).
 */
export function sampleState(
  user: { name: string; email: string },
  userToken: string,
  makeToken: () => string = newToken,
): PlatformState {
  const userId = userPersonId(user.name);
  const other = (id: string, name: string, timezone: string): StoredPerson => ({
    id,
    name,
    email: `${id}@example.com`,
    timezone,
    token: makeToken(),
  });
  const people: StoredPerson[] = [
    { id: userId, name: user.name, email: user.email, token: userToken },
    other(SAMPLE_PEOPLE.platformSecond, 'Priya Raman', 'Asia/Kolkata'),
    other(SAMPLE_PEOPLE.em, 'Marcus Lee', 'America/New_York'),
    other(SAMPLE_PEOPLE.founder, 'Dana Okafor', 'Europe/Berlin'),
    other(SAMPLE_PEOPLE.checkoutOwner, 'Sam Ortiz', 'America/Los_Angeles'),
    other(SAMPLE_PEOPLE.paymentsOwner, 'Jules Martin', 'Europe/Paris'),
  ];
  const rotations: StoredRotation[] = [
    {
      id: SAMPLE_ROTATIONS.platform,
      name: 'Platform',
      kind: 'platform',
      members: [userId, SAMPLE_PEOPLE.platformSecond],
    },
    {
      id: SAMPLE_ROTATIONS.em,
      name: 'Engineering managers',
      kind: 'em',
      members: [SAMPLE_PEOPLE.em],
    },
    {
      id: SAMPLE_ROTATIONS.founder,
      name: 'Founders',
      kind: 'founder',
      members: [SAMPLE_PEOPLE.founder],
    },
    {
      id: SAMPLE_ROTATIONS.checkout,
      name: 'Checkout',
      kind: 'service',
      service: 'checkout',
      members: [SAMPLE_PEOPLE.checkoutOwner, SAMPLE_PEOPLE.platformSecond],
    },
    {
      id: SAMPLE_ROTATIONS.payments,
      name: 'Payments',
      kind: 'service',
      service: 'payments',
      members: [SAMPLE_PEOPLE.paymentsOwner, SAMPLE_PEOPLE.checkoutOwner],
    },
  ];
  return {
    version: 1,
    clockOffsetMs: 0,
    pagesVersion: 0,
    counters: { page: 0, incident: 0, update: 0 },
    userId,
    people,
    rotations,
    pages: [],
    incidents: [],
    updates: [],
    notifications: [],
    acknowledgements: {},
    idempotency: [],
  };
}
