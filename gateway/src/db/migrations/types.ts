/** A numbered, additive schema step of the gateway's PostgreSQL database. `up` runs in the migration transaction. */
export interface Migration {
  version: number;
  name: string;
  up: string;
}
