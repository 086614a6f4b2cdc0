/**
 * The notification every burst sender sends: one embed, like a real alert, tagged with its sequence number so that
 * it is counted wherever it lands (alone, or folded with nine others into one message).
 */
import { sequenceTag } from '../report';

/** Blue, as `sendNotification` colours an embed without a colour of its own. */
const BLUE = 0x0099ff;

/** The embed of notification `seq` of a run; `sendNotification` takes the same title and description. */
export function burstEmbed(tag: string, seq: number): { title: string; description: string; color: number } {
  return {
    title: `Burst ${tag}`,
    description: `Notification ${sequenceTag(seq)}: new signup from the spring campaign landing page`,
    color: BLUE,
  };
}
