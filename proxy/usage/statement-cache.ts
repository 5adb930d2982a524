import type { Database, Statement } from 'better-sqlite3';

/** Prepares each SQL text once: query builders produce a few shapes (which filters are set), used many times. */
export function statementCache(db: Database): (sql: string) => Statement {
  const statements = new Map<string, Statement>();
  return (sql) => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
}
