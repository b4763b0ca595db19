// duckdb.mjs CSV DB [THREADS] - loads one police.uk CSV into a DuckDB table
// with read_csv_auto, the comparison bench/run.sh times against peel's
// import.  Needs `npm install` in bench/ (package.json: @duckdb/node-api).
import { DuckDBInstance } from '@duckdb/node-api';

const [csv, db, threads = '2'] = process.argv.slice(2);
if (!csv || !db) {
  console.error('usage: node duckdb.mjs CSV DB [THREADS]');
  process.exit(2);
}
const instance = await DuckDBInstance.create(db, { threads: String(threads) });
const conn = await instance.connect();
const q = (s) => s.replaceAll("'", "''");
await conn.run(`CREATE OR REPLACE TABLE crimes AS SELECT * FROM read_csv_auto('${q(csv)}')`);
const r = await conn.runAndReadAll('SELECT count(*) AS n FROM crimes');
console.log(String(r.getRows()[0][0]));
conn.closeSync?.();
