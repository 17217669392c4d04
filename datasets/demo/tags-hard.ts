import type { TagTexts, Template } from './vocab.js';

/** Errors, logs and integrations: the answer needs real diagnosis, and the cheap lane often guesses. */
const DEBUG_TEMPLATES: Template[] = [
  {
    ask: (v) => `${v.product} shows error ${v.code} every time I try to open a shared folder. I already cleared the cache and reinstalled version ${v.version}.`,
    clarify: 'Thanks. Do you see anything in the client log?',
    detail: (v) => `The log says "index rebuild aborted: ${v.code}" right after startup. What should I check next?`,
    good: (v) => `${v.code} at startup means the local index is corrupt: quit ${v.product}, delete index.db in the app data folder and restart; version ${v.version} rebuilds it on the first sync.`,
    wrong: (v) => `${v.code} is caused by a slow network; switch to a wired connection and reinstall ${v.version}.`,
  },
  {
    ask: (v) => `Our integration calls POST ${v.endpoint} and gets HTTP ${v.http} with body {"error":"${v.code}"}.`,
    clarify: 'When did this start?',
    detail: (v) => `It started after we rotated the API token on ${v.date}. Retries with exponential backoff do not help.`,
    good: (v) => `After a token rotation, ${v.endpoint} answers ${v.http} until the new token has the files:write scope; create the token with that scope and restart the worker so it drops the cached old token.`,
    wrong: (v) => `HTTP ${v.http} from ${v.endpoint} is a temporary server issue; keep retrying with a longer backoff.`,
  },
  {
    ask: (v) => `Webhook deliveries to our server fail with a timeout error after ${v.seconds} seconds since the ${v.version} release.`,
    clarify: 'Does your endpoint answer quickly when you call it directly?',
    detail: () => 'It responds in under 200 ms when I curl it. Is there a new TLS requirement?',
    good: (v) => `Since ${v.version} webhooks require TLS 1.2 with SNI; your server negotiates TLS 1.0, so the handshake stalls until the ${v.seconds} s timeout. Enable TLS 1.2 on the endpoint.`,
    wrong: (v) => `Raise the webhook timeout above ${v.seconds} seconds in the dashboard; that fixes it.`,
  },
  {
    ask: (v) => `The ${v.product} desktop client crashes on startup on macOS 14 with a segmentation fault error after updating to ${v.version}.`,
    clarify: 'Can you share what the crash report says?',
    detail: (v) => `The crash report mentions libnimbus_core.dylib and the error ${v.code} in the thread backtrace.`,
    good: (v) => `That backtrace is the known ${v.version} crash with third-party Finder extensions: disable the extension under System Settings > Extensions, or roll back to the previous build until the hotfix ships.`,
    wrong: () => 'Segmentation faults mean not enough memory; close other apps and restart the Mac.',
  },
  {
    ask: (v) => `SSO login through Okta fails with SAML assertion error ${v.code} for all users.`,
    clarify: 'Did anything change on the identity provider side?',
    detail: () => 'Clock skew on our IdP is under 30 seconds and the signing certificate was renewed last week.',
    good: () => 'The renewed certificate must also be uploaded in Admin > Security > SSO; until then every SAML assertion fails signature validation. Upload the new certificate and keep the old one until all sessions refresh.',
    wrong: () => 'Assertion errors come from clock skew; set the allowed skew to 5 minutes in Okta.',
  },
  {
    ask: (v) => `The Python SDK ${v.version} fails with a TimeoutError exception when uploading files bigger than 100 MB via ${v.endpoint}.`,
    clarify: 'Do smaller files upload fine?',
    detail: () => 'Small files are fine. The stack trace ends in nimbus/transport.py inside upload_stream.',
    good: (v) => `Files over 100 MB must use resumable uploads: call client.uploads.create_session() and send 8 MB chunks; plain POST ${v.endpoint} times out by design above that size.`,
    wrong: () => 'Set timeout=None on the client and the large upload will succeed.',
  },
  {
    ask: (v) => `Sync between ${v.product} and Outlook duplicates every calendar event with a sync error since the update to ${v.version}.`,
    clarify: 'Did you try reconnecting the connector?',
    detail: (v) => `Disabling and re-enabling the connector did not fix it; the sync log shows ${v.code}.`,
    good: (v) => `${v.version} changed the event id mapping; run Repair sync under Settings > Connectors > Outlook, which merges duplicates by iCalUID, then re-enable two-way sync.`,
    wrong: () => 'Delete the duplicated events by hand; the connector will not create them again.',
  },
  {
    ask: (v) => `We get rate limit errors (HTTP 429) from ${v.endpoint} at only ${v.count * 10} requests per minute.`,
    clarify: 'What does the retry-after header say?',
    detail: (v) => `The retry-after header says ${v.seconds}. The docs say our plan allows 600 rpm.`,
    good: (v) => `The 600 rpm limit is per workspace, but ${v.endpoint} also has a burst limit of 20 requests per second; spread the calls evenly and honour retry-after (${v.seconds} s).`,
    wrong: (v) => `Your plan is limited to ${v.count * 10} rpm; upgrade the plan to remove the 429s.`,
  },
  {
    ask: (v) => `Export of ${v.product} data to CSV stops at ${v.pct}% with error ${v.code}.`,
    clarify: 'Does the browser console show anything?',
    detail: () => 'The browser console shows a CORS error on the download URL.',
    good: (v) => `The CORS error means the signed download URL expired mid-export; exports over ${v.pct}% of the quota run as background jobs, so start it from Admin > Data export and download from the emailed link.`,
    wrong: () => 'CORS errors are a browser bug; switch browsers and retry the export.',
  },
  {
    ask: (v) => `Push notifications from the ${v.product} Android app stopped with an error after the app update to ${v.version}.`,
    clarify: 'Is the notification permission still granted?',
    detail: (v) => `Permission is granted; the debug log prints ${v.code} when the FCM token refreshes.`,
    good: (v) => `${v.code} on token refresh means the app lost its Play Services registration after ${v.version}; clear the app's storage once and sign in again to register a new FCM token.`,
    wrong: () => 'Notifications are paused by battery saver; turn battery saver off.',
  },
];

/** Open-ended analysis, planning and estimation: long answers with numbers where the cheap lane slips often. */
const ANALYSIS_TEMPLATES: Template[] = [
  {
    ask: (v) => `Model the total cost of ownership of ${v.product} versus ${v.competitor} over three years for ${v.count} teams, assuming headcount growth of ${v.pct}% per year.`,
    clarify: 'Do you want a recommendation as well as the comparison?',
    detail: () => 'Yes, recommend one option and explain the assumptions, the sensitivity and the break-even point.',
    good: (v) => `Include licences, migration effort, training and admin time; with ${v.pct}% growth the licence line compounds, so the break-even depends mostly on migration effort. Recommend the option with the lower three-year total and show the sensitivity to growth.`,
    wrong: (v) => `Licence price is the only cost that matters, so ${v.competitor} and ${v.product} cost the same once growth of ${v.pct}% is applied.`,
  },
  {
    ask: (v) => `Analyse our ${v.product} usage data: weekly active users dropped ${v.pct}% in ${v.quarter}. Which factors would you investigate first?`,
    clarify: 'Is the drop across all teams or concentrated?',
    detail: () => 'Across most teams. Also, how would you design an experiment to tell a seasonal dip from real churn?',
    good: (v) => `Start with cohort retention by team and by signup month, then release notes in ${v.quarter}; compare with the same weeks last year for seasonality and hold out a random 10% of inactive users from a re-engagement campaign to measure churn causally.`,
    wrong: () => 'A drop across teams is always seasonal; wait a quarter and the users will come back.',
  },
  {
    ask: (v) => `Draft an analysis and migration plan from ${v.competitor} to ${v.product} for ${v.seats * 10} users across ${v.count} offices, with a two-week change freeze and EU data residency constraints.`,
    clarify: 'Any hard requirement on downtime?',
    detail: () => 'No downtime for the sales team. Include risks and a rollback strategy.',
    good: () => 'Phase 1 pilot with IT, phase 2 by office outside the freeze, sales last with dual-running mail routing; pin data to the EU region before import; risks: permission mapping and shared-drive ownership; rollback by keeping the old tenant read-write for 30 days.',
    wrong: () => 'Migrate everyone in one weekend during the change freeze; rollback is not needed because the import is lossless.',
  },
  {
    ask: (v) => `Given support ticket volumes of ${v.seats * 12}, ${v.seats * 13} and ${v.seats * 15} over the last three months, forecast next quarter's volume as an analysis with your assumptions.`,
    clarify: 'Should the forecast include staffing?',
    detail: (v) => `Yes, estimate how many agents we need at a target first-response time of ${v.seconds} minutes.`,
    good: (v) => `The trend is about +12% a month, so next quarter is roughly ${Math.round(v.seats * 15 * 1.12 * 3.36)} tickets; at 6 tickets per agent-hour and a ${v.seconds}-minute first-response target you need enough coverage for peak hours, about 20% above the average staffing figure.`,
    wrong: (v) => `Next quarter will be ${v.seats * 15 * 3} tickets, since volume stays flat, so current staffing meets the ${v.seconds}-minute target.`,
  },
  {
    ask: (v) => `Evaluate the trade-offs between the built-in ${v.product} dashboards and our own BigQuery warehouse for a team of ${v.count} analysts, as a strategy decision.`,
    clarify: 'Which criteria matter most to you?',
    detail: () => 'Cost, latency, governance and the skills we need. Give a recommendation with reasoning.',
    good: () => 'Dashboards: zero engineering, fresh within minutes, limited joins. Warehouse: full SQL and joins with CRM data, but pipeline upkeep, storage cost and access governance to design. With analysts who know SQL, export nightly and keep dashboards for operational views.',
    wrong: () => 'The warehouse is always cheaper and faster than built-in dashboards, so move everything there.',
  },
  {
    ask: (v) => `Our security team wants an analysis comparing SSO with SCIM provisioning versus manual user management for ${v.seats * 8} employees with ${v.pct}% annual turnover.`,
    clarify: 'Should I quantify it?',
    detail: () => 'Yes, quantify the admin hours saved and the audit risk of each approach.',
    good: (v) => `${v.pct}% turnover of ${v.seats * 8} people is about ${Math.round((v.seats * 8 * v.pct) / 100)} joiners and leavers a year; at 20 minutes each by hand that is the admin time SCIM saves, and SCIM removes leaver accounts within minutes, closing the main audit finding.`,
    wrong: (v) => `SCIM saves about ${v.seats * 8} hours a month; audit risk is the same for both approaches.`,
  },
  {
    ask: (v) => `Write an ROI analysis for rolling out ${v.product} to ${v.seats * 10} employees at ${v.amount} per seat per month.`,
    clarify: 'What time saving do you expect per employee?',
    detail: (v) => `Roughly ${v.pct} minutes per employee per day. Include the payback period.`,
    good: (v) => `Cost is seats times ${v.amount} per month; benefit is ${v.pct} minutes a day times about 21 working days times the loaded hourly rate; payback is cost over monthly benefit, well under a year at ${v.pct} minutes unless the hourly rate is very low. State the rate assumption.`,
    wrong: (v) => `ROI is ${v.pct * 10}% because each employee saves ${v.pct} minutes a day; payback is immediate.`,
  },
  {
    ask: (v) => `Segment our ${v.seats * 40} customers by usage pattern of ${v.product} and propose three retention strategies with an analysis of each.`,
    clarify: 'Do you want metrics for each strategy?',
    detail: () => 'Yes, for each strategy the metric you would track and the expected impact.',
    good: () => 'Segments: power users, occasional users, dormant. Strategies: advanced-feature onboarding for power users (track feature adoption), usage nudges for occasional users (track weekly actives), win-back offers for dormant accounts (track reactivation); expect the largest lift in the occasional segment.',
    wrong: () => 'Offer every customer a 50% discount; that is the only retention lever that matters.',
  },
];

export const TECHNICAL_DEBUG: TagTexts = {
  templates: DEBUG_TEMPLATES,
  contexts: [
    'Error logs and a stack trace are available if needed.',
    'The bug is reproducible every time; restarting does not fix the error.',
    'This technical issue blocks our engineers; debug logs attached.',
    'The status page shows no incident for this error.',
    'Same error on two machines and in our staging environment.',
    'Steps to reproduce: restart, retry, same error again in the log.',
  ],
};

export const COMPLEX_ANALYSIS: TagTexts = {
  templates: ANALYSIS_TEMPLATES,
  contexts: [
    'Please structure the analysis with assumptions, options, trade-offs and a recommendation.',
    'This analysis goes to our leadership team, so quantify the impact where you can.',
    'Walk through the reasoning step by step and state every assumption.',
    'Compare at least two options and justify the recommendation with estimates.',
    'A rough model with sensitivity to the key assumptions is fine.',
  ],
};
