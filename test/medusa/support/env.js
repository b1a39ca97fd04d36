/**
 * Medusa's integration runner reads the database from DB_* when its module loads: they must be set before
 * any test file runs. DB_HOST must say "localhost" (with 127.0.0.1 the runner turns SSL on and hangs), and
 * DB_USERNAME must be set (the runner's default "" overrides pg's own default user).
 */
process.env.DB_HOST ??= "localhost";
process.env.DB_PORT ??= "5432";
process.env.DB_USERNAME ??= "postgres";
process.env.DB_PASSWORD ??= "";
process.env.MEDUSA_DISABLE_TELEMETRY ??= "true";
// Medusa logs every migration at "info": keep the test output to errors (LOG_LEVEL=info to see them).
process.env.LOG_LEVEL ??= "error";
