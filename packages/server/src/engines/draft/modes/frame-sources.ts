import type { Mode } from '../../../tasks/modes.js'
import type { FrameSourceFactory } from './frame-source.js'
import { textSource } from './text-source.js'

/**
 * The modes the draft engine renders today, each with its frame source. The model routing table
 * (engines/models.ts) advertises exactly these, so a request for any other mode is refused at
 * create time instead of being faked.
 */
export const FRAME_SOURCES: Partial<Record<Mode, FrameSourceFactory>> = {
  text: textSource,
}
