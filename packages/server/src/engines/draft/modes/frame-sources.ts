import type { Mode } from '../../../tasks/modes.js'
import { editSource } from './edit-source.js'
import { extendSource } from './extend-source.js'
import { firstFrameSource } from './first-frame-source.js'
import { firstLastSource } from './first-last-source.js'
import type { FrameSourceFactory } from './frame-source.js'
import { referenceSource } from './reference-source.js'
import { textSource } from './text-source.js'

/**
 * The modes the draft engine renders today, each with its frame source. The model routing table
 * (engines/models.ts) advertises exactly these, so a request for any other mode is refused at
 * create time instead of being faked.
 */
export const FRAME_SOURCES: Partial<Record<Mode, FrameSourceFactory>> = {
  text: textSource,
  first_frame: firstFrameSource,
  first_last_frame: firstLastSource,
  reference: referenceSource,
  edit: editSource,
  extend: extendSource,
}
