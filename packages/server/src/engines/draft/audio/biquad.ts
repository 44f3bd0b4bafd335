import { SAMPLE_RATE } from './wav.js'

/**
 * A biquad filter (RBJ cookbook), the one filter every sound effect here is shaped with. Call
 * `set` again to sweep it; `run` filters one sample.
 */
export class Biquad {
  private b0 = 1
  private b1 = 0
  private b2 = 0
  private a1 = 0
  private a2 = 0
  private x1 = 0
  private x2 = 0
  private y1 = 0
  private y2 = 0

  constructor(kind: 'lowpass' | 'highpass' | 'bandpass', freq: number, q = 0.707) {
    this.set(kind, freq, q)
  }

  set(kind: 'lowpass' | 'highpass' | 'bandpass', freq: number, q = 0.707): void {
    const w = (2 * Math.PI * Math.min(freq, SAMPLE_RATE * 0.45)) / SAMPLE_RATE
    const cos = Math.cos(w)
    const alpha = Math.sin(w) / (2 * q)
    const a0 = 1 + alpha
    if (kind === 'lowpass') {
      this.b0 = (1 - cos) / 2 / a0
      this.b1 = (1 - cos) / a0
      this.b2 = this.b0
    } else if (kind === 'highpass') {
      this.b0 = (1 + cos) / 2 / a0
      this.b1 = -(1 + cos) / a0
      this.b2 = this.b0
    } else {
      this.b0 = alpha / a0
      this.b1 = 0
      this.b2 = -alpha / a0
    }
    this.a1 = (-2 * cos) / a0
    this.a2 = (1 - alpha) / a0
  }

  run(x: number): number {
    const y =
      this.b0 * x + this.b1 * this.x1 + this.b2 * this.x2 - this.a1 * this.y1 - this.a2 * this.y2
    this.x2 = this.x1
    this.x1 = x
    this.y2 = this.y1
    this.y1 = y
    return y
  }
}
