// The create body the API benches send: a 480p, 4 s text-to-video task.

/** JSON of a create request for take `i` (its prompt and seed differ by take). */
export const clipBody = (i) =>
  JSON.stringify({
    model: 'seedance-2.0',
    content: [{ type: 'text', text: `a harbour at dawn with boats, take ${i}` }],
    resolution: '480p',
    duration: 4,
    seed: i,
  })
