import type { CallbackAttempt, WebhookStore } from './webhook-store.js'

/** The WebhookStore in process memory: for tests and single-process tools. */
export function createMemoryWebhookStore(): WebhookStore {
  const secrets = new Map<string, string>()
  const attempts: CallbackAttempt[] = []
  return {
    async ensureSecret(projectId, candidate) {
      if (!secrets.has(projectId)) secrets.set(projectId, candidate)
      return secrets.get(projectId)!
    },
    async setSecret(projectId, secret) {
      secrets.set(projectId, secret)
    },
    async recordAttempt(attempt) {
      attempts.push({ ...attempt })
    },
    async listAttempts(taskId) {
      return attempts.filter((a) => a.taskId === taskId).map((a) => ({ ...a }))
    },
  }
}
