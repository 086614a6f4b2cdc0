import type { Config } from '../config';
import type { NotificationSettings } from './types';

/** Exposes the worker's notification settings to workflows (which cannot read the environment). */
export function createSettingsActivities(config: Pick<Config, 'notifications'>) {
  return {
    /** Threshold, report time zone and who may be pinged per notification type. */
    // eslint-disable-next-line @typescript-eslint/require-await -- activities are async by contract
    async loadSettings(): Promise<NotificationSettings> {
      const { hotLeadThreshold, reportTimezone, mentions } = config.notifications;
      return { hotLeadThreshold, reportTimezone, mentions: { ...mentions } };
    },
  };
}
