import '../local/sdk-node-warning';

// Tests run the handlers in-process: keep their logs to warnings so test output stays readable.
process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
// Powertools Metrics prints EMF lines to stdout; the tests that check them turn it back on in their own process.
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
