/** The few parts of the PouchDB peer's untyped packages the benchmark uses. */
declare module 'pouchdb-node' {
  interface ReplicationResult {
    ok: boolean;
    docs_written: number;
    doc_write_failures: number;
  }
  interface Database {
    bulkDocs(docs: readonly object[]): Promise<Array<{ ok?: boolean; error?: string }>>;
    info(): Promise<{ doc_count: number }>;
    close(): Promise<void>;
    replicate: {
      to(target: string, options?: Record<string, unknown>): Promise<ReplicationResult>;
      from(source: string, options?: Record<string, unknown>): Promise<ReplicationResult>;
    };
  }
  interface PouchDBStatic {
    new (name: string, options?: Record<string, unknown>): Database;
    defaults(options: Record<string, unknown>): PouchDBStatic;
  }
  const PouchDB: PouchDBStatic;
  export default PouchDB;
}
declare module 'express-pouchdb' {
  export default function expressPouchdb(db: unknown, options?: Record<string, unknown>): unknown;
}
declare module 'express' {
  import type { Server } from 'node:http';
  interface Application {
    use(path: string, handler: unknown): void;
    listen(port: number, host: string, ready: () => void): Server;
  }
  export default function express(): Application;
}
