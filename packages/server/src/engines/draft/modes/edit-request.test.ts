import { describe, expect, it } from 'vitest'
import { parseEditRequest } from './edit-request.js'

describe('parseEditRequest', () => {
  it.each([
    ['make it look like @image1', 1, { insert: false, region: 'centre', palette: 0.85 }],
    ['add @image1 on the left', 1, { insert: true, region: 'left', elementImage: 0 }],
    ['put the lamp in the background', 1, { insert: true, region: 'background' }],
    ['a brighter version', 1, { insert: false, palette: 0.6 }],
    ['the sky in the upper right', 1, { insert: true, region: 'background' }],
    ['replace the car with @image2, styled like @image1', 2, { elementImage: 1, styleImage: 0 }],
    [
      'in the style of @image2, add @image1 at the bottom',
      2,
      { elementImage: 0, styleImage: 1, region: 'bottom' },
    ],
    ['add a lantern', 3, { insert: true, elementImage: 2, styleImage: 0 }],
    ['turn it into an oil painting like @image1', 1, { texture: 0.45 }],
  ] as const)('%s', (prompt, images, expected) => {
    expect(parseEditRequest(prompt, images)).toMatchObject(expected)
  })
})
