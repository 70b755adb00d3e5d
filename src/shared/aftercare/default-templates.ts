/**
 * The default templates, as strings so the renderer can use them without file access. They are
 * the same text as `assets/templates/customer-email.md` and `assets/templates/post-mortem.md`
 * (a test keeps them equal); a playbook's `templatePath` may point at a team's own file instead.
 */

/**
 * The customer email: a `Subject:` first line, a blank line, then the body. Placeholders:
 * see `CUSTOMER_EMAIL_PLACEHOLDERS`. Apologises once and names start and end times with the
 * zone, so a filled-in email passes `checkEmail`.
 */
export const DEFAULT_CUSTOMER_EMAIL_TEMPLATE = `Subject: Incident report: {{headline}}

Hello,

Between {{start}} and {{end}} ({{duration}}), {{what_happened}}

Who was affected: {{who_was_affected}}

What we did: {{what_we_did}}

What we are changing so it does not happen again: {{prevention}}

We apologise for the disruption this caused you. If you have questions, reply to this email.

{{sign_off}}
`;

/** The blameless post-mortem, in Markdown. Placeholders: see `POST_MORTEM_PLACEHOLDERS`. */
export const DEFAULT_POST_MORTEM_TEMPLATE = `# Post-mortem: {{title}}

_Blameless: this describes systems, signals and decisions, not who was at fault._

|                    |                   |
| ------------------ | ----------------- |
| Incident           | {{incident_id}}   |
| Severity           | {{severity}}      |
| Started            | {{start}}         |
| Resolved           | {{end}}           |
| Duration           | {{duration}}      |
| Incident commander | {{commander}}     |
| Comms              | {{comms}}         |
| Investigators      | {{investigators}} |

## Summary

{{summary}}

## Impact

{{impact}}

## Timeline ({{time_zone}})

{{timeline}}

## Root cause

{{root_cause}}

## What went well

{{went_well}}

## What went badly

{{went_badly}}

## Action items

Each item has one named owner and a Linear ticket labelled \`{{action_item_label}}\`.

{{action_items}}
`;
