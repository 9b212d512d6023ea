export { type Env, formatEnvIssues, parseEnv } from "./env";
export { startMaintenance } from "./jobs/maintenance";
export { createPgBossQueue } from "./jobs/queue";
export { createLogger } from "./logger";
export { createRuntime, type Runtime } from "./runtime";
export { reconcileActions } from "./use-cases/reconcile-actions";
export { startWorkers, type Workers } from "./workers";
