import { config } from 'zod';

// The schemas would otherwise probe for `new Function` to speed up parsing, which the portal's
// Content-Security-Policy refuses and the browser reports as a violation on every page. This
// module is imported first, before any schema is built.
config({ jitless: true });
