// Types for the Element Plus components templates use (each view imports its own at build time,
// electron.vite.config.ts), so vue-tsc checks their props in templates.
/// <reference types="element-plus/global" />
