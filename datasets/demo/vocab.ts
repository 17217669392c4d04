import type { Rng } from './random.js';

/** The values one sample's text is filled with, already rendered for the writer's locale. */
export interface Vars {
  product: string;
  product2: string;
  plan: string;
  plan2: string;
  amount: string;
  amount2: string;
  date: string;
  invoice: string;
  last4: string;
  account: string;
  workspace: string;
  email: string;
  seats: number;
  code: string;
  http: number;
  version: string;
  endpoint: string;
  seconds: number;
  pct: number;
  count: number;
  competitor: string;
  quarter: string;
  taxId: string;
}

/**
 * One kind of request within a tag. `ask` and `detail` together are the customer's
 * message; in chat format they are two user turns with `clarify` (the assistant's
 * question) between them. `good` is an acceptable answer, `wrong` a plausible one
 * with a subtle error (wrong step, wrong amount, wrong timing).
 */
export interface Template {
  ask(v: Vars, r: Rng): string;
  clarify: string;
  detail(v: Vars, r: Rng): string;
  good(v: Vars, r: Rng): string;
  wrong(v: Vars, r: Rng): string;
}

/** A tag's kinds of request, and sentences customers add that say what kind of request it is. */
export interface TagTexts {
  templates: readonly Template[];
  contexts: readonly string[];
}

export const PRODUCTS = [
  'Nimbus Drive',
  'Nimbus Mail',
  'Nimbus Calendar',
  'Nimbus Sheets',
  'Nimbus Backup',
  'Nimbus Sync',
  'Nimbus CRM',
  'Nimbus Analytics',
  'Nimbus Forms',
  'Nimbus Meet',
] as const;
const PLANS = ['Starter', 'Team', 'Business', 'Business Plus'] as const;
const ERROR_CODES = [
  'NMB-1042',
  'NMB-2210',
  'NMB-3307',
  'SYNC_TIMEOUT',
  'ERR_TOKEN_EXPIRED',
  'E_QUOTA_EXCEEDED',
  'ECONNRESET',
  'CERT_HAS_EXPIRED',
  'NMB-5001',
  'IDX_CORRUPT',
] as const;
const HTTP_STATUSES = [400, 401, 403, 409, 413, 429, 500, 502, 503] as const;
const ENDPOINTS = ['/v2/files', '/v2/events', '/v2/contacts', '/v2/webhooks', '/v2/reports', '/v2/users/bulk', '/v2/uploads'] as const;
const COMPETITORS = ['Google Workspace', 'Microsoft 365', 'Dropbox Business', 'Zoho Workplace', 'Box'] as const;
const DOMAINS = ['acme-logistics.com', 'brightpath.io', 'cedarworks.co', 'delta-foods.net', 'evergreen-labs.org'] as const;
const LAST_NAMES = ['garcia', 'smith', 'patel', 'tanaka', 'jones', 'sharma', 'lopez', 'suzuki', 'brown', 'hernandez'] as const;
const FIRST_NAMES = ['maria', 'james', 'priya', 'kenji', 'emma', 'rahul', 'jose', 'yuki', 'oliver', 'sofia'] as const;

/** How a locale writes money and dates; the amounts are drawn in USD and converted. */
export interface Formats {
  money(usd: number): string;
  date(month: number, day: number): string;
}

/** Draws a fresh set of values; `second` is always a different product or plan from the first. */
export function drawVars(r: Rng, formats: Formats): Vars {
  const product = r.pick(PRODUCTS);
  const plan = r.pick(PLANS);
  const base = r.pick([12, 18, 24, 36, 49, 72, 96, 120, 180, 240, 360, 480]);
  const month = r.int(1, 4);
  return {
    product,
    product2: r.pick(PRODUCTS.filter((p) => p !== product)),
    plan,
    plan2: r.pick(PLANS.filter((p) => p !== plan)),
    amount: formats.money(base),
    amount2: formats.money(Math.round(base * r.pick([0.5, 0.6, 0.75, 0.8]))),
    date: formats.date(month, r.int(1, 28)),
    invoice: `INV-2025-${String(r.int(1000, 99999)).padStart(5, '0')}`,
    last4: String(r.int(1000, 9999)),
    account: `AC-${r.int(100000, 999999)}`,
    workspace: `${r.pick(['ops', 'sales', 'design', 'finance', 'support', 'eng'])}-${r.pick(['north', 'hq', 'team', 'emea', 'apac', 'core'])}`,
    email: `${r.pick(FIRST_NAMES)}.${r.pick(LAST_NAMES)}@${r.pick(DOMAINS)}`,
    seats: r.pick([5, 8, 12, 15, 25, 40, 60, 120, 250]),
    code: r.pick(ERROR_CODES),
    http: r.pick(HTTP_STATUSES),
    version: `${r.int(4, 6)}.${r.int(0, 12)}.${r.int(0, 9)}`,
    endpoint: r.pick(ENDPOINTS),
    seconds: r.pick([5, 10, 15, 30, 60]),
    pct: r.pick([8, 12, 15, 18, 20, 25, 30]),
    count: r.pick([3, 4, 6, 8, 12, 20, 35, 50]),
    competitor: r.pick(COMPETITORS),
    quarter: `Q${r.int(1, 4)}`,
    taxId: `${r.pick(['GB', 'IN', 'MX', 'JP', 'US'])}${r.int(100000000, 999999999)}`,
  };
}
