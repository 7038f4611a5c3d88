// First, and alone: zod is configured before any schema is built (see zod-setup.ts). The app,
// and with it the API table whose schemas are built on import, is loaded only afterwards: a
// static import would be evaluated first wherever the bundler puts the table's chunk, and zod's
// eval probe would then trip the CSP.
import './zod-setup.ts';

await import('./app.ts');
