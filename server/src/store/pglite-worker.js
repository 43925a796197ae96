// The embedded store's own thread (see sql-client.ts, createPgliteClient). PGlite runs each
// statement synchronously in the thread that owns it; here, that is never the service's event
// loop. Plain CommonJS so that node loads it as it is under every runner (tsx, jest, node).
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const { PGlite } = require('@electric-sql/pglite');

/** An error as the service may see it: its SQLSTATE (the main thread logs only that), never the statement's parameters. */
function describe(error) {
  return { message: error instanceof Error ? error.message : String(error), code: typeof error?.code === 'string' ? error.code : undefined };
}

(async () => {
  let db;
  try {
    db = workerData.dataDir === null ? await PGlite.create() : await PGlite.create(workerData.dataDir);
  } catch (error) {
    parentPort.postMessage({ id: 0, error: describe(error) });
    return;
  }
  parentPort.postMessage({ id: 0, ok: true });
  parentPort.on('message', async (msg) => {
    try {
      if (msg.op === 'query') {
        const result = await db.query(msg.sql, msg.params);
        parentPort.postMessage({ id: msg.id, rows: result.rows });
      } else if (msg.op === 'exec') {
        await db.exec(msg.sql);
        parentPort.postMessage({ id: msg.id, rows: [] });
      } else if (msg.op === 'close') {
        await db.close();
        parentPort.postMessage({ id: msg.id, rows: [] });
        parentPort.close();
      }
    } catch (error) {
      parentPort.postMessage({ id: msg.id, sql: msg.sql, error: describe(error) });
    }
  });
})();
