/**
 * A statement PostgreSQL parses and analyses once per connection, not once per call: a push
 * batch's standing read and its write are long statements (a dozen `WITH` parts over array
 * parameters), and sent unnamed, their parsing and planning took about as much of PostgreSQL's
 * time per batch as writing the rows. Named by a hash of the text, so each shape of the statement
 * (the write's parts depend on what a batch holds) is prepared once on each connection that runs
 * it. PostgreSQL plans its first executions for their parameters and then keeps a generic plan
 * when that is no worse, which for these statements (every table reached by key) it is.
 */
import { createHash } from 'node:crypto';
import type pg from 'pg';

export function prepared(text: string, values: unknown[]): pg.QueryConfig {
  return { name: `p${createHash('sha256').update(text).digest('base64url').slice(0, 24)}`, text, values };
}
