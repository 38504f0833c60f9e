/**
 * A PouchDB server for the sync comparison, in its own process as the Involve bench server is:
 * express-pouchdb (the CouchDB HTTP API PouchDB replicates to) over in-memory databases, on
 * loopback. Prints one JSON line `{ "port" }` once listening, then serves until killed.
 *
 * Usage: node --import tsx scripts/lib/pouchdb-server.ts
 */
import expressPouchDB from 'express-pouchdb';
import PouchDB from 'pouchdb';
import memory from 'pouchdb-adapter-memory';

PouchDB.plugin(memory);
// Only what PouchDB replication needs; the config stays in memory, so nothing is written.
const app = expressPouchDB(PouchDB.defaults({ adapter: 'memory' }), {
  mode: 'minimumForPouchDB',
  inMemoryConfig: true,
});
const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.stdout.write(`${JSON.stringify({ port })}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
