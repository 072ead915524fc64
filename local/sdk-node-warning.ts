/**
 * Imported first by every local entry point (`npm start`, `npm test`, `npm run chaos|bench|keys`). The AWS SDK warns
 * once per process on Node below 22 that its releases after the first week of January 2027 will need Node 22.
 * paybridge pins its SDK versions, and its local runtime and tests support Node 20.19 and later (Lambda runs Node
 * 22, where the warning never fires), so here the warning is noise. The SDK reads this variable when a client is
 * built; a value already set in the environment wins.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
