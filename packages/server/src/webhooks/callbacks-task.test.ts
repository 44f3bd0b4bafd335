import { afterEach, describe, expect, it } from 'vitest'
import { openTestKinora } from '../test-kinora.js'
import { startWebhookReceiver, type WebhookReceiver } from './test-webhook-receiver.js'
import { newWebhookSecret } from './webhook-secret.js'

type Kinora = Awaited<ReturnType<typeof openTestKinora>>
let kinora: Kinora | undefined
let hook: WebhookReceiver | undefined
afterEach(async () => {
  await kinora?.dispose()
  await hook?.close()
  kinora = undefined
  hook = undefined
})

const TASKS = '/api/v3/contents/generations/tasks'

const body = (callbackUrl: string) => ({
  model: 'seedance-2.0',
  content: [{ type: 'text', text: 'a quiet harbour at dawn, boats' }],
  resolution: '480p',
  duration: 4,
  generate_audio: false,
  callback_url: callbackUrl,
})

/** A Kinora whose project `default` signs with a secret the receiver knows. */
async function setup(settings: { workers?: number }, answers: number[] = []) {
  kinora = await openTestKinora({ allowPrivateUrls: true, ...settings })
  const secret = await kinora.webhooks.ensureSecret('default', newWebhookSecret(), Date.now())
  hook = await startWebhookReceiver(secret, { answers })
  return { kinora, hook }
}

async function until(check: () => boolean | Promise<boolean>, what: string) {
  for (let i = 0; i < 1200; i++) {
    if (await check()) return
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`never happened: ${what}`)
}

const statuses = (h: WebhookReceiver) =>
  h.received.map((r) => (r.payload as { status: string } | null)?.status)

describe('callbacks end to end', () => {
  it('POSTs queued → running → succeeded in order, every one verified by standardwebhooks', async () => {
    const { kinora, hook } = await setup({ workers: 1 })
    const res = await kinora.app.inject({
      method: 'POST',
      url: TASKS,
      payload: body(`${hook.origin}/kinora`),
    })
    expect(res.statusCode, res.body).toBe(200)
    const id = res.json().id
    await until(() => hook.received.length >= 3, 'three callbacks')
    expect(hook.received.map((r) => r.refused)).toEqual([null, null, null])
    expect(statuses(hook)).toEqual(['queued', 'running', 'succeeded'])
    const last = hook.received[2]!.payload as { id: string; content: { video_url: string } }
    expect(last.id).toBe(id)
    expect(last.content.video_url).toMatch(/^http/)
    // The receiver has the last callback before its answer is written to the delivery log.
    const logged = async () => (await kinora.app.inject({ url: `${TASKS}/${id}/callbacks` })).json()
    await until(async () => {
      const { items } = await logged()
      return items.length >= 3 && items.every((a: { delivered: boolean }) => a.delivered)
    }, 'three logged deliveries')
    const list = await logged()
    expect(
      list.items.map((a: { status: string; delivered: boolean }) => [a.status, a.delivered]),
    ).toEqual([
      ['queued', true],
      ['running', true],
      ['succeeded', true],
    ])
    expect(list.items[0]).toMatchObject({
      webhook_id: `msg_${id}_queued_0`,
      attempt: 1,
      url: `${hook.origin}/kinora`,
      http_status: 200,
      error: null,
    })
  })

  it('retries the terminal callback after the receiver answers 500', async () => {
    // queued and running are answered 200, the first succeeded 500, its retry 200.
    const { kinora, hook } = await setup({ workers: 1 }, [200, 200, 500])
    const res = await kinora.app.inject({ method: 'POST', url: TASKS, payload: body(hook.origin) })
    const id = res.json().id
    await until(() => hook.received.length >= 4, 'a retried callback')
    expect(statuses(hook)).toEqual(['queued', 'running', 'succeeded', 'succeeded'])
    expect(hook.received.map((r) => r.answered)).toEqual([200, 200, 500, 200])
    expect(hook.received.every((r) => r.refused === null)).toBe(true)
    expect(hook.received[3]!.headers['webhook-id']).toBe(hook.received[2]!.headers['webhook-id'])
    const list = (await kinora.app.inject({ url: `${TASKS}/${id}/callbacks` })).json()
    expect(
      list.items.map((a: { status: string; attempt: number; http_status: number }) => [
        a.status,
        a.attempt,
        a.http_status,
      ]),
    ).toEqual([
      ['queued', 1, 200],
      ['running', 1, 200],
      ['succeeded', 1, 500],
      ['succeeded', 2, 200],
    ])
  })

  it('calls back on cancel, and answers 404 for the attempts of an unknown task', async () => {
    const { kinora, hook } = await setup({ workers: 0 })
    const res = await kinora.app.inject({ method: 'POST', url: TASKS, payload: body(hook.origin) })
    const id = res.json().id
    await kinora.app.inject({ method: 'DELETE', url: `${TASKS}/${id}` })
    await until(() => hook.received.length >= 2, 'two callbacks')
    expect(statuses(hook)).toEqual(['queued', 'cancelled'])
    const missing = await kinora.app.inject({ url: `${TASKS}/cgt-20260101000000-zzzzz/callbacks` })
    expect(missing.statusCode).toBe(404)
  })

  it.each([
    'http://127.0.0.1:9/hook',
    'http://localhost:9/hook',
    'http://[::1]:9/hook',
    'http://10.1.2.3/hook',
    'http://169.254.169.254/latest',
  ])('refuses the private callback address %s at create', async (url) => {
    kinora = await openTestKinora()
    const refused = await kinora.app.inject({ method: 'POST', url: TASKS, payload: body(url) })
    expect(refused.statusCode).toBe(400)
    expect(refused.json().error).toMatchObject({ code: 'InvalidParameter', param: 'callback_url' })
    expect(refused.json().error.message).toMatch(/private, loopback or link-local/)
  })

  // Loopback only: an allowed task calls back at once, and tests never reach beyond this machine.
  it.each(['http://127.0.0.1:9/hook', 'http://localhost:9/hook', 'http://[::1]:9/hook'])(
    'accepts %s when private addresses are allowed',
    async (url) => {
      kinora = await openTestKinora({ allowPrivateUrls: true })
      const allowed = await kinora.app.inject({ method: 'POST', url: TASKS, payload: body(url) })
      expect(allowed.statusCode, allowed.body).toBe(200)
    },
  )
})
