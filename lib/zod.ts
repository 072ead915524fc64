import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

/**
 * zod as paybridge uses it: its light build (`zod/mini`, functions instead of methods), which a Lambda loads in a
 * fraction of the time of the full one, with English messages (the light build ships none by default). Import it as
 * `import * as z from '…/zod'`, so that a bundle keeps only what it uses.
 */
config(en());

export * from 'zod/mini';
