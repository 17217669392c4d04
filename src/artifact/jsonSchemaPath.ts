import { fileURLToPath } from 'node:url';

/** Where the package ships the routing table's JSON Schema (written at build time from RoutingTableSchema). */
export const routingTableJsonSchemaPath = fileURLToPath(new URL('../../schema/routing-table.schema.json', import.meta.url));
