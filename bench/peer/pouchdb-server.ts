/**
 * The sync peer's server for the benchmarks: express-pouchdb on express 4 over pouchdb-node
 * (LevelDB) in a folder given as the first argument, on a free loopback port, in its own process
 * as the gateway is. Prints POUCHDB_URL=… when it listens.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import express from 'express';
import expressPouchdb from 'express-pouchdb';
import PouchDB from 'pouchdb-node';

const dir = process.argv[2];
if (!dir) throw new Error('usage: pouchdb-server.ts <folder>');
mkdirSync(dir, { recursive: true });
const LevelPouch = PouchDB.defaults({ prefix: `${dir}/` });
const app = express();
// The part of CouchDB's API that PouchDB replication uses; config and log kept in the folder.
app.use('/', expressPouchdb(LevelPouch, { mode: 'minimumForPouchDB', configPath: join(dir, 'config.json'), logPath: join(dir, 'log.txt') }));
const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (typeof address === 'object' && address) process.stdout.write(`POUCHDB_URL=http://127.0.0.1:${address.port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
