import type { TagTexts, Template } from './vocab.js';

/** Charges, invoices, refunds and payment methods: mostly policy look-ups with one catch each. */
const BILLING_TEMPLATES: Template[] = [
  {
    ask: (v) => `I was charged ${v.amount} twice on ${v.date} for ${v.product}.`,
    clarify: 'Sorry about that. Which card was charged?',
    detail: (v) => `Can you refund the duplicate payment to my card ending ${v.last4}?`,
    good: (v) => `The second ${v.amount} charge on ${v.date} is a duplicate and has been refunded to the card ending ${v.last4}; banks show it within 5-10 business days.`,
    wrong: (v) => `The duplicate ${v.amount} has been refunded to the card ending ${v.last4} and will show within 24 hours.`,
  },
  {
    ask: (v) => `Why is the charge on invoice ${v.invoice} ${v.amount} when last month the bill was ${v.amount2}?`,
    clarify: 'Let me compare the two invoices. Did anything change on your subscription?',
    detail: (_v, r) => r.pick(['Nobody added seats as far as I know.', 'We did not change the plan or the seats, I think.']),
    good: (v) => `Invoice ${v.invoice} includes a prorated charge for ${v.count} seats added mid-cycle, which is why it is ${v.amount} instead of ${v.amount2}. Next month returns to the regular amount plus those seats.`,
    wrong: (v) => `Invoice ${v.invoice} is ${v.amount} because prices went up this month; the regular amount is now ${v.amount}.`,
  },
  {
    ask: (v) => `How do I update the credit card that pays the invoices for my ${v.plan} subscription?`,
    clarify: 'Are you the billing owner of the subscription?',
    detail: (_v, r) => r.pick(['Yes. The old card expires at the end of the month and the next payment must not fail.', 'Yes, the current card expires before the next payment.']),
    good: () => 'Go to Admin > Billing > Payment methods, add the new card and mark it as default; the next invoice is charged to it. Only billing owners see that page.',
    wrong: () => 'Go to Settings > Profile and replace the card there; the change applies from the next billing year.',
  },
  {
    ask: (v) => `I need a tax invoice for ${v.invoice} with our company tax ID ${v.taxId}.`,
    clarify: 'Sure. Should the tax ID be added to future invoices too?',
    detail: (_v, r) => r.pick(['Yes, for all future invoices as well please.', 'Yes please, our accountant needs it on every invoice.']),
    good: (v) => `Add ${v.taxId} under Admin > Billing > Tax details; invoice ${v.invoice} can then be re-issued from the invoice list and every future invoice carries the tax ID.`,
    wrong: (v) => `Tax IDs cannot be added after payment, so ${v.invoice} stays as it is; future invoices will include ${v.taxId}.`,
  },
  {
    ask: (v) => `If I downgrade from ${v.plan} to ${v.plan2} in the middle of the billing cycle, is the difference prorated on the next invoice?`,
    clarify: 'Do you pay monthly or yearly?',
    detail: (v) => `Monthly, and the cycle renews on ${v.date}.`,
    good: (v) => `Downgrades take effect at the next renewal on ${v.date}, so there is no partial refund for this cycle; upgrades, by contrast, are prorated immediately.`,
    wrong: (v) => `Yes, the difference between ${v.plan} and ${v.plan2} is prorated and refunded to your card right away.`,
  },
  {
    ask: (v) => `My payment of ${v.amount} for invoice ${v.invoice} failed with the card ending ${v.last4}.`,
    clarify: 'Did your bank decline the transaction?',
    detail: (_v, r) => r.pick(['The bank says they declined nothing. Will my subscription be suspended over the failed payment?', 'The bank sees no decline. Is my subscription going to be cancelled?']),
    good: (v) => `We retry a failed payment of ${v.amount} three times over 7 days and nothing is suspended meanwhile; you can also pay the open invoice now under Admin > Billing.`,
    wrong: (v) => `The account is suspended after the first failed payment of ${v.amount}; pay within 24 hours to restore access.`,
  },
  {
    ask: (v) => `Can we switch from monthly to annual billing and get the annual discount on our invoices? We have ${v.seats} seats on ${v.plan}.`,
    clarify: 'Sure. What do you pay per month now?',
    detail: (v) => `We pay ${v.amount} per month at the moment.`,
    good: (v) => `Yes: switching to annual billing saves 16% on ${v.plan}; the remaining days of this month are credited and the annual invoice is issued today for ${v.seats} seats.`,
    wrong: (v) => `Yes: annual billing on ${v.plan} is 30% cheaper and starts at your next monthly renewal without a credit.`,
  },
  {
    ask: (v) => `I cancelled ${v.product} on ${v.date} but I was still billed ${v.amount}.`,
    clarify: 'I am sorry to hear that. Was the cancellation confirmed by email?',
    detail: (_v, r) => r.pick(['Yes, I got the confirmation email. Please refund this charge.', 'Yes, I have the cancellation email. I want a refund of the charge.']),
    good: (v) => `The ${v.amount} charge was for the cycle that had already started before ${v.date}; as a one-time courtesy it has been refunded and no further invoices will be issued.`,
    wrong: (v) => `Cancellations on ${v.date} only apply after the annual term ends, so the ${v.amount} charge cannot be refunded.`,
  },
  {
    ask: (v) => `Is there a refund or billing credit for unused seats if we remove ${v.count} users mid-cycle?`,
    clarify: 'Are you on monthly or annual billing?',
    detail: (_v, r) => r.pick(['Annual billing, renewed in January.', 'We pay yearly.']),
    good: (v) => `On annual billing, removing ${v.count} seats lowers the next renewal but there is no refund for the current term; the freed seats stay usable until renewal.`,
    wrong: (v) => `Yes, the unused time on ${v.count} seats is refunded to your card within a week.`,
  },
  {
    ask: () => 'Our finance team needs the invoices sent to a different billing email address.',
    clarify: 'Which address should receive the invoices?',
    detail: (v) => `Please change the billing contact to ${v.email} and resend invoice ${v.invoice}.`,
    good: (v) => `Done: billing emails now go to ${v.email} and invoice ${v.invoice} has been resent there. Billing owners can change the contact under Admin > Billing > Contacts.`,
    wrong: (v) => `Invoices always go to the account owner, so ${v.email} cannot receive invoice ${v.invoice}.`,
  },
];

export const BILLING_QUESTION: TagTexts = {
  templates: BILLING_TEMPLATES,
  contexts: [
    'This is a billing question about my invoice.',
    'Please check the charges and the payment on the invoice.',
    'Our finance team needs the billing sorted before the month-end close.',
    'I want to understand what we are paying for on this bill.',
    'The charge shows on our bank statement as NIMBUS BILLING.',
    'Please send a corrected invoice and confirm any refund or credit.',
  ],
};
