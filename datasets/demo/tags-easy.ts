import type { TagTexts, Template } from './vocab.js';

/** Small talk with no request in it: any friendly reply is acceptable. */
const GREETING_TEMPLATES: Template[] = [
  {
    ask: (_v, r) => r.pick(['Hello!', 'Hello there!', 'Hi!', 'Hiya!']),
    clarify: 'Hello! How can I help you today?',
    detail: (_v, r) => r.pick(['Is anyone there? Just checking the chat works.', 'Just checking if this chat is live.', 'Anybody around?']),
    good: (_v, r) => r.pick(['Hello! Yes, I am here. How can I help you today?', 'Hi there! The chat is working. What can I do for you?']),
    wrong: () => 'Hello! I have closed your ticket as resolved. Is there anything else?',
  },
  {
    ask: (_v, r) => r.pick(['Hello and good morning!', 'Good afternoon, hello!', 'Good evening, hello!']),
    clarify: 'Good day to you too! What brings you here?',
    detail: (_v, r) => r.pick(['Hope you are having a nice day.', 'Hope your week is going well.', 'Lovely weather today, isn\'t it?']),
    good: (_v, r) => r.pick(['Good day to you too, thank you! How can I help?', 'Thank you, I hope your day is going well too! What can I do for you?']),
    wrong: () => 'Good morning! Your password reset link has been sent to your email.',
  },
  {
    ask: (_v, r) => r.pick(['Hello, thanks so much for the help yesterday!', 'Hi, thank you for your help earlier!', 'Hello again, thanks for yesterday!']),
    clarify: 'You are very welcome! Is everything working now?',
    detail: (_v, r) => r.pick(['Everything works now, have a great weekend.', 'All good now, have a lovely day.', 'Everything is fine now, cheers.']),
    good: (_v, r) => r.pick(['You are welcome, glad it all works now! Have a great weekend.', 'Happy to help! Enjoy your day.']),
    wrong: () => 'You are welcome! I have reopened your previous ticket so an agent can follow up.',
  },
  {
    ask: (_v, r) => r.pick(['Hey there 👋 hello!', 'Hello 👋', 'Hi 👋 hello!']),
    clarify: 'Hey! Welcome. How can I help?',
    detail: (_v, r) => r.pick(['Just saying hi, I am new here.', 'First time using this chat, saying hello.', 'Nothing yet, just saying hello.']),
    good: (_v, r) => r.pick(['Hi and welcome! Whenever you have a question, just ask here.', 'Welcome aboard! Say hello any time and ask me anything.']),
    wrong: () => 'Hi! To get started, please confirm your payment details first.',
  },
  {
    ask: (_v, r) => r.pick(['Hello, how are you today?', 'Hi, how are you doing?', 'Hello, how is it going?']),
    clarify: 'I am doing well, thank you for asking!',
    detail: (_v, r) => r.pick(['Nice to meet you.', 'Pleased to meet you.', 'Nice chatting with you.']),
    good: (_v, r) => r.pick(['I am doing well, thanks for asking! Nice to meet you too. How can I help?', 'Doing great, thank you! Pleased to meet you.']),
    wrong: () => 'I am fine. Unfortunately this chat only handles billing disputes.',
  },
  {
    ask: (_v, r) => r.pick(['Hi again!', 'Hello again!', 'Me again, hi!']),
    clarify: 'Welcome back! Anything else I can help with?',
    detail: (_v, r) => r.pick(['No, that is all for now. Bye!', 'Nothing else, thank you. Goodbye!', 'All done, bye bye!']),
    good: (_v, r) => r.pick(['Goodbye, and thanks for chatting! Come back any time.', 'Bye for now! Have a good one.']),
    wrong: () => 'Welcome back! Let us continue with your refund request from before.',
  },
  {
    ask: (_v, r) => r.pick(['Good afternoon, is this the right place to chat with a person?', 'Hello, am I talking to a real person?', 'Hi, is this a bot or a human?']),
    clarify: 'I am the virtual assistant; I can connect you to a person if needed.',
    detail: (_v, r) => r.pick(['Okay, no problem, just curious. Hello!', 'Fine, just wanted to say hello.', 'Ok thanks, hello then!']),
    good: (_v, r) => r.pick(['Hello! I am the virtual assistant; if you ever need a person, just ask and I will connect you.', 'Hi! I am a bot, but I can hand you to a human agent any time.']),
    wrong: () => 'Hello! Yes, I am a human agent named Alex.',
  },
  {
    ask: (_v, r) => r.pick(['Hello again, thank you, you have been very helpful.', 'Hi, thanks, that was really helpful.', 'Hello, many thanks for the quick answer.']),
    clarify: 'Glad I could help!',
    detail: (_v, r) => r.pick(['Take care!', 'Have a nice evening!', 'See you!']),
    good: (_v, r) => r.pick(['Thank you for the kind words! Take care.', 'My pleasure! Have a nice evening.']),
    wrong: () => 'Thanks! Please rate this conversation to unlock your discount code.',
  },
];

/** Reading one fact off the customer's own account: easy for any model given the lookup result. */
const ACCOUNT_TEMPLATES: Template[] = [
  {
    ask: (v) => `Which email address is on file for account ${v.account}?`,
    clarify: 'Sure. Do you want to update it or just confirm it?',
    detail: (_v, r) => r.pick(['Just confirm it before I update my profile.', 'Only confirm, I forgot which one I used to sign up.']),
    good: (v) => `Account ${v.account} has ${v.email} on file as the primary email. You can change it under Settings > Profile.`,
    wrong: (v) => `Account ${v.account} has ${v.email} on file. You can change it under Billing > Payment methods.`,
  },
  {
    ask: (v) => `What role does user ${v.email} have in workspace ${v.workspace}, and is that user account active?`,
    clarify: 'Let me look that up. Are you an admin of that workspace?',
    detail: (_v, r) => r.pick(['Yes, I am the workspace admin.', 'Yes, I am one of the admins.']),
    good: (v) => `${v.email} is a Member of ${v.workspace} and the account is active. Admins see roles under Admin > Users.`,
    wrong: (v) => `${v.email} is an Admin of ${v.workspace} and the account is suspended.`,
  },
  {
    ask: (v) => `When did user ${v.email} last log in to their account in our workspace?`,
    clarify: 'Which workspace is that user in?',
    detail: (v) => `Workspace ${v.workspace}. I am checking for inactive accounts.`,
    good: (v) => `${v.email} last signed in on ${v.date}. The full sign-in history is in Admin > Users > Activity.`,
    wrong: (v) => `${v.email} has never signed in; you can remove the account under Admin > Users.`,
  },
  {
    ask: (v) => `Is two-factor authentication enabled on my account ${v.account}?`,
    clarify: 'I can check that. Which sign-in method do you use?',
    detail: (_v, r) => r.pick(['I sign in with email and password.', 'Password, and sometimes the mobile app.']),
    good: () => 'Yes, two-factor authentication is enabled with the authenticator app. You can review it under Settings > Security.',
    wrong: () => 'Two-factor authentication is enabled by SMS; to check it go to Settings > Notifications.',
  },
  {
    ask: (v) => `Can you look up the account username linked to ${v.email}?`,
    clarify: 'Sure, is that your own login?',
    detail: (_v, r) => r.pick(['Yes, it is my login, I forgot the username.', 'Yes, my own, the username does not come to mind.']),
    good: (v) => `The username linked to ${v.email} is ${v.email.split('@')[0]}. You can sign in with either the username or the email.`,
    wrong: (v) => `The username linked to ${v.email} is ${v.email.split('.')[0]}; only the username works for sign-in.`,
  },
  {
    ask: (v) => `Who is the owner account of workspace ${v.workspace}? I need to ask them to add me.`,
    clarify: 'Do you want the owner or any admin?',
    detail: (_v, r) => r.pick(['The owner please, or any admin is fine.', 'Whoever can add users to the workspace.']),
    good: (v) => `The owner of ${v.workspace} is ${v.email}. Any admin can also invite you from Admin > Users > Invite.`,
    wrong: (v) => `The owner of ${v.workspace} is ${v.email}. Only the owner can invite users.`,
  },
  {
    ask: (v) => `On what date was my account ${v.account} created?`,
    clarify: 'Let me check the profile record.',
    detail: (_v, r) => r.pick(['I need it for an internal audit form.', 'Our IT department asks for the account creation date.']),
    good: (v) => `Account ${v.account} was created on ${v.date}. The date is also shown under Settings > Profile > Account details.`,
    wrong: (v) => `Account ${v.account} was created on ${v.date}, the day the invoice was issued.`,
  },
  {
    ask: () => 'Which devices are signed in to my account profile right now?',
    clarify: 'I can list the active sessions. Do you suspect someone else is signed in?',
    detail: (_v, r) => r.pick(['Maybe, I see a login I do not recognise.', 'Not sure, I want to check the active sessions.']),
    good: (v) => `There are ${Math.min(v.count, 4)} active sessions: a laptop, a phone and the web app. You can sign out any session under Settings > Security > Devices.`,
    wrong: (v) => `There are ${Math.min(v.count, 4)} active sessions. Changing your username signs out all other devices.`,
  },
  {
    ask: (v) => `What is the storage quota on my ${v.product} account profile and how much is used?`,
    clarify: 'Is that for your personal profile or the whole workspace?',
    detail: (_v, r) => r.pick(['Only my personal profile.', 'Just my own profile, not the workspace.']),
    good: (v) => `Your profile has a 100 GB quota and ${v.pct} GB is used. Usage per product is under Settings > Storage.`,
    wrong: (v) => `Your profile has unlimited storage, ${v.pct} GB used.`,
  },
  {
    ask: (v) => `Can you confirm the phone number on my profile for account ${v.account}? I think it is out of date.`,
    clarify: 'I can show the last digits. Shall I?',
    detail: (_v, r) => r.pick(['Yes please, the last digits are enough.', 'Yes, show me the last digits.']),
    good: (v) => `The number on file for ${v.account} ends in ${v.last4}. Update it under Settings > Profile > Phone.`,
    wrong: (v) => `The number on file for ${v.account} ends in ${v.last4}; it can only be changed by calling support.`,
  },
];

export const GREETING: TagTexts = {
  templates: GREETING_TEMPLATES,
  contexts: ['Just saying hello, have a great day!', 'Hello and hope all is well.', 'Hello from the whole team!', 'Cheers and hello!', 'Just wanted to say hello and thanks.'],
};

export const ACCOUNT_LOOKUP: TagTexts = {
  templates: ACCOUNT_TEMPLATES,
  contexts: [
    'I only need the account details from the profile, nothing is broken.',
    'This is an account lookup for our workspace admin records.',
    'Please check it in the account settings of the workspace.',
    'I am the account holder and signed in with my work email.',
    'Just confirming account information for our user directory.',
    'Our admin asked me to verify these account and profile details.',
  ],
};
