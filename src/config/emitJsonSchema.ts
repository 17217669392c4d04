/**
 * Build step: writes the JSON Schemas shipped with the package into schema/: the config
 * file's (so editors complete and check router-eval.config.json files) and the routing
 * table's (the artifact's published contract).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { routingTableJsonSchemaPath } from '../artifact/jsonSchemaPath.js';
import { RoutingTableSchema } from '../artifact/schema.js';
import { ConfigSchema } from './schema.js';

const outputs = [
  {
    target: join(dirname(fileURLToPath(import.meta.url)), '../../schema/router-eval.config.schema.json'),
    title: 'router-eval config',
    // `input`: what a user writes (defaults make fields optional), not what the parser returns.
    schema: z.toJSONSchema(ConfigSchema, { io: 'input', unrepresentable: 'any' }),
  },
  {
    target: routingTableJsonSchemaPath,
    title: 'router-eval routing table',
    // `output`: a table as export writes it, every field present.
    schema: z.toJSONSchema(RoutingTableSchema, { io: 'output', unrepresentable: 'any' }),
  },
];
for (const { target, title, schema } of outputs) {
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, `${JSON.stringify({ ...schema, title }, null, 2)}\n`);
}
