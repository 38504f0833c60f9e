// The little of PouchDB, its in-memory adapter and express-pouchdb that the sync comparison
// (scripts/bench-sync.ts, scripts/lib/pouchdb-server.ts) uses; none of them ships types.

declare module 'pouchdb' {
  interface PouchOptions {
    adapter?: string;
    /** Every HTTP request of a remote database goes through this. */
    fetch?: (url: string, init: PouchFetchInit) => Promise<unknown>;
  }
  interface PouchFetchInit {
    method?: string;
    headers?: unknown;
    body?: string | Uint8Array;
    agent?: import('node:http').Agent;
  }
  interface ReplicationResult {
    ok: boolean;
    docs_read: number;
    docs_written: number;
    errors: unknown[];
  }
  class PouchDB {
    constructor(name: string, options?: PouchOptions);
    bulkDocs(docs: object[]): Promise<{ ok?: boolean; error?: string }[]>;
    info(): Promise<{ doc_count: number }>;
    destroy(): Promise<unknown>;
    replicate: {
      to(target: PouchDB, options?: { batch_size?: number }): Promise<ReplicationResult>;
    };
    static plugin(plugin: unknown): typeof PouchDB;
    static defaults(options: PouchOptions): typeof PouchDB;
    static fetch(url: string, init?: PouchFetchInit): Promise<unknown>;
  }
  export default PouchDB;
}

declare module 'pouchdb-adapter-memory' {
  const plugin: unknown;
  export default plugin;
}

declare module 'express-pouchdb' {
  import type { Server } from 'node:http';
  interface ExpressPouchDBOptions {
    mode?: 'fullCouchDB' | 'minimumForPouchDB' | 'custom';
    inMemoryConfig?: boolean;
  }
  export default function expressPouchDB(
    PouchDB: unknown,
    options?: ExpressPouchDBOptions,
  ): { listen(port: number, host: string, callback: () => void): Server };
}
