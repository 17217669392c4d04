/** The library API: what a TypeScript service or script can import from "router-eval". */
export { openStore, DEFAULT_DB_PATH, type Db } from './store/db.js';
export { ingest, type IngestRequest, type IngestSummary } from './pipeline/ingest.js';
export { SampleInputSchema, conversationOf, requestText, type Sample, type SampleInput, type ChatMessage } from './domain/sample.js';
export { RouterEvalError, InputError, IncompleteRunError, GateTrippedError, InterruptedError, ExitCode } from './domain/errors.js';
