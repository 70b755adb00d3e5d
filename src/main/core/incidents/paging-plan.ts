/**
 * Who a declaration pages, per the policy: pages target ROTATIONS (each escalates through its
 * own level 2, then the EM and the founder), except SEV-1's "all platform on-call", which pages
 * every person on shift in the platform rotation at once. Also who joins the channel and what the
 * review must confirm about the roles. Pure functions: no I/O, time passed in.
 */
import type { Person, Rotation, Severity, Shift } from '../../../shared/domain.js';
import type {
  DeclarationInput,
  PagedPerson,
  PageTarget,
  RotationChoice,
} from '../../../shared/declaration.js';
import type { PageTargetRole, Playbook, SeverityRule } from '../../../shared/playbook.js';

/** Shifts covering `now` in `rotation`, lowest level first. */
function shiftsNow(rotation: Rotation, now: number): Shift[] {
  return rotation.shifts
    .filter((s) => Date.parse(s.start) <= now && now < Date.parse(s.end))
    .sort((a, b) => a.level - b.level);
}

/** The rotation of kind `service` for `service` (case-insensitive), or `undefined`. */
export function serviceRotation(
  rotations: Rotation[],
  service: string | undefined,
): Rotation | undefined {
  if (!service) return undefined;
  const wanted = service.trim().toLowerCase();
  return rotations.find((r) => r.kind === 'service' && r.service?.toLowerCase() === wanted);
}

/** Who the plan pages, the pages themselves, and what the review must show or ask. */
export interface PagingPlan {
  targets: PageTarget[];
  /** Who the pages notify at once, each once, with every reason. */
  paged: PagedPerson[];
  warnings: string[];
  blockers: string[];
  needsRotationChoice: boolean;
  rotationChoices: RotationChoice[];
}

/** The playbook's rule for `severity`. */
export function ruleFor(playbook: Playbook, severity: Severity): SeverityRule {
  const rule = playbook.severities.find((s) => s.level === severity);
  if (!rule) throw new Error(`the playbook has no rule for SEV-${severity}`);
  return rule;
}

/**
 * Resolves the playbook's `pages` for `severity` into platform pages at `now`: SEV-2 the
 * service's rotation and the platform rotation, SEV-3 the service's rotation, SEV-1 one page per
 * platform on-call person (every level on shift now; not the declarer, who is already here), the
 * EM rotation and the founder rotation. With no rotation for the service, the plan says so and
 * offers the rotations to pick from (`serviceRotationId`); for a severity that pages nobody else,
 * that choice blocks the run.
 */
export function planPaging(args: {
  playbook: Playbook;
  rotations: Rotation[];
  severity: Severity;
  service?: string;
  serviceRotationId?: string;
  now: number;
  me?: Person;
}): PagingPlan {
  const { rotations, now } = args;
  const rule = ruleFor(args.playbook, args.severity);
  const plan: PagingPlan = {
    targets: [],
    paged: [],
    warnings: [],
    blockers: [],
    needsRotationChoice: false,
    rotationChoices: [],
  };
  const addRotation = (rotation: Rotation | undefined, why: string, what: string) => {
    if (!rotation)
      return plan.warnings.push(`There is no ${what} rotation: nobody is paged for it.`);
    if (plan.targets.some((t) => 'rotation' in t.target && t.target.rotation === rotation.id)) {
      return;
    }
    const first = shiftsNow(rotation, now)[0]?.person;
    if (!first) plan.warnings.push(`Nobody is on shift now in ${rotation.name}.`);
    plan.targets.push({
      target: { rotation: rotation.id },
      label: rotation.name,
      why,
      reachesNow: first ? [first] : [],
    });
  };
  for (const role of rule.pages as PageTargetRole[]) {
    if (role === 'platform-all') addPlatformPeople(plan, rotations, now, args.me);
    else if (role === 'platform-oncall') {
      addRotation(
        rotations.find((r) => r.kind === 'platform'),
        'platform on-call',
        'platform',
      );
    } else if (role === 'service-owner') {
      const chosen = args.serviceRotationId
        ? rotations.find((r) => r.id === args.serviceRotationId)
        : undefined;
      const owner = chosen ?? serviceRotation(rotations, args.service);
      if (owner) {
        addRotation(
          owner,
          chosen ? 'picked for the service' : `owner of ${args.service ?? ''}`,
          '',
        );
      } else {
        askForRotation(plan, rotations, args.service, rule.pages.length === 1);
      }
    } else {
      addRotation(
        rotations.find((r) => r.kind === role),
        role === 'em' ? 'EM on-call' : 'founder on-call',
        role === 'em' ? 'EM on-call' : 'founder on-call',
      );
    }
  }
  plan.paged = reachedNow(plan.targets);
  const mine = args.me ? plan.paged.find((p) => p.person.id === args.me?.id) : undefined;
  if (mine) plan.warnings.push(`Your own phone rings first: you are ${mine.why}.`);
  return plan;
}

function addPlatformPeople(
  plan: PagingPlan,
  rotations: Rotation[],
  now: number,
  me: Person | undefined,
): void {
  const shifts = rotations.filter((r) => r.kind === 'platform').flatMap((r) => shiftsNow(r, now));
  if (shifts.length === 0) {
    plan.warnings.push('Nobody is on shift now as platform on-call: nobody is paged for it.');
  }
  for (const s of shifts) {
    if (plan.targets.some((t) => 'person' in t.target && t.target.person === s.person.id)) continue;
    if (me && s.person.id === me.id) {
      plan.warnings.push(
        `You are platform on-call (level ${s.level}): you are not paged, since you are declaring.`,
      );
      continue;
    }
    plan.targets.push({
      target: { person: s.person.id },
      label: s.person.name,
      why: `platform on-call (level ${s.level})`,
      reachesNow: [s.person],
    });
  }
}

function askForRotation(
  plan: PagingPlan,
  rotations: Rotation[],
  service: string | undefined,
  blocks: boolean,
): void {
  plan.needsRotationChoice = true;
  plan.rotationChoices = rotations
    .filter((r) => r.kind === 'service' || r.kind === 'platform')
    .map((r) => ({ id: r.id, name: r.name, ...(r.service ? { service: r.service } : {}) }));
  const why = service
    ? `No rotation owns the service '${service}', so there is no known service owner`
    : 'No service was given, so there is no known service owner';
  plan.warnings.push(`${why}: pick the rotation to page.`);
  if (blocks) plan.blockers.push(`${why}: pick the rotation to page before declaring.`);
}

/** Everyone the targets notify at once, each once, with every reason. */
function reachedNow(targets: PageTarget[]): PagedPerson[] {
  const byId = new Map<string, PagedPerson>();
  for (const t of targets) {
    for (const person of t.reachesNow) {
      const why = 'rotation' in t.target ? `${t.why} (${t.label}, level 1)` : t.why;
      const seen = byId.get(person.id);
      if (seen) seen.why = `${seen.why}; ${why}`;
      else byId.set(person.id, { person, why });
    }
  }
  return [...byId.values()];
}

/** Who joins the Slack channel: everyone the pages reach now, then the role holders, once each. */
export function inviteList(targets: PageTarget[], roles: DeclarationInput['roles']): Person[] {
  const all = [
    ...targets.flatMap((t) => t.reachesNow),
    roles.commander,
    ...(roles.comms ? [roles.comms] : []),
    ...roles.investigators,
  ];
  return all.filter((p, i) => all.findIndex((q) => q.id === p.id) === i);
}

/**
 * What the roles lack before the run: the commander and Comms when the playbook requires them,
 * and fewer investigators than the playbook's count ("usually two") unless the declarer confirmed.
 */
export function roleBlockers(input: DeclarationInput, playbook: Playbook): string[] {
  const { roles } = playbook;
  const blockers: string[] = [];
  if (roles.commander.required && !input.roles.commander) {
    blockers.push(`Name the ${roles.commander.title.toLowerCase()} before declaring.`);
  }
  if (roles.comms.required && !input.roles.comms) {
    blockers.push(`Name ${roles.comms.title} before declaring.`);
  }
  const count = input.roles.investigators.length;
  if (count < roles.investigators.count && input.fewerInvestigatorsConfirmed !== true) {
    blockers.push(
      `${count === 0 ? 'No' : `Only ${count}`} ${count === 1 ? 'investigator' : 'investigators'}: ` +
        `the playbook says ${roles.investigators.count}. Add one or confirm.`,
    );
  }
  return blockers;
}
