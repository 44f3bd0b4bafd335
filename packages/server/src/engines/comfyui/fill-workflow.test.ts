import { describe, expect, it } from 'vitest'
import { addSound, fillWorkflow } from './fill-workflow.js'
import { loadWorkflow } from './workflow-template.js'

const base = {
  prompt: 'a fox',
  negative_prompt: 'blurry',
  seed: 9,
  width: 832,
  height: 480,
  length: 81,
  fps: 16,
  duration: 5,
  filename_prefix: 'kinora/t',
}

describe('fillWorkflow', () => {
  it('puts typed values where the placeholders were', () => {
    const graph = fillWorkflow(loadWorkflow('wan22-t2v'), base)
    expect(graph['9']?.inputs).toEqual({ width: 832, height: 480, length: 81, batch_size: 1 })
    expect(graph['10']?.inputs.noise_seed).toBe(9)
    expect(graph['14']?.inputs.filename_prefix).toBe('kinora/t')
    expect(JSON.stringify(graph)).not.toMatch(/\{\{/)
  })

  it('drops the nodes of an optional input left out, and the links to them', () => {
    const graph = fillWorkflow(loadWorkflow('wan22-vace'), {
      ...base,
      control_video: 'kinora/c.mp4',
      control_mask: 'kinora/m.mp4',
    })
    expect(graph['20']).toBeUndefined()
    expect(graph['21']?.inputs.reference_image).toBeUndefined()
    expect(graph['21']?.inputs.control_masks).toEqual(['34', 0])
  })

  it('names the node and placeholder a required value is missing for', () => {
    expect(() => fillWorkflow(loadWorkflow('wan22-i2v'), base)).toThrow(
      'ComfyUI workflow wan22-i2v: node 20 (LoadImage) needs {{first_frame}}',
    )
  })

  it('merges the sound of MMAudio into the video’s CreateVideo', () => {
    const graph = addSound(
      fillWorkflow(loadWorkflow('wan22-t2v'), base),
      loadWorkflow('mmaudio'),
      base,
    )
    expect(graph['13']?.inputs.audio).toEqual(['a3', 0])
    expect(graph.a3?.inputs).toMatchObject({
      images: ['12', 0],
      duration: 5,
      seed: 9,
      prompt: 'a fox',
    })
  })
})
