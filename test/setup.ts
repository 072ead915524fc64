import '../local/sdk-node-warning';

// Tests run the handlers in-process: keep their logs to warnings so test output stays readable.
process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
