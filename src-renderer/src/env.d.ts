// Types for Element Plus's globally registered components (app.use(ElementPlus) in main.ts),
// so vue-tsc checks their props in templates.
/// <reference types="element-plus/global" />
