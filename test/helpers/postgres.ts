/** The throwaway Postgres server of the tests is the benchmark's: one piece of code. */
export { type TestPostgres, TEST_PASSWORD, startPostgres } from '../../bench/postgres-server.ts';
