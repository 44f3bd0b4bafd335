import { describe, expect, it } from 'vitest'
import { textureGrain } from './texture-grain.js'

describe('texture grain', () => {
  it("follows the reference's texture row for row, faintly", async () => {
    // Horizontal stripes 6 rows apart, 3 dark and 3 light, at exactly the frame's size.
    const width = 320
    const height = 180
    const data = Buffer.alloc(width * height * 3)
    for (let y = 0; y < height; y++)
      data.fill(y % 6 < 3 ? 80 : 170, y * width * 3, (y + 1) * width * 3)
    const grain = await textureGrain({ data, width, height, channels: 3 }, width, height, 0.2)
    const at = (x: number, y: number) => grain[y * width + x]!
    // Within the first tile (36 rows), every row is flat and the stripes' period holds.
    for (let y = 0; y < 30; y++) {
      for (let x = 0; x < width; x += 7) {
        expect(at(x, y)).toBe(at(0, y))
        expect(at(x, y + 6)).toBe(at(x, y))
      }
    }
    // Darker than its blur inside a dark stripe, lighter inside a light one, and faint.
    expect(at(0, 1)).toBeLessThan(0)
    expect(at(0, 4)).toBeGreaterThan(0)
    expect(Math.max(...grain.map(Math.abs))).toBeLessThan(31)
  })
})
