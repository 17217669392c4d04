/** The pure analysis core: statistics, routing policy, segments, holdout, headline, patterns, metrics, drift. */
export * from './stats.js';
export * from './lanes.js';
export * from './passRates.js';
export * from './policy.js';
export * from './served.js';
export * from './segments.js';
export * from './holdout.js';
export * from './headline.js';
export * from './patterns.js';
export * from './routellm.js';
export * from './drift.js';
export * from './runDiff.js';
export * from './analyze.js';
export * from '../domain/analysis.js';
