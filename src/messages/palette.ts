/** The seed guide's notification colors. @see https://discord.com/developers/docs/resources/message#embed-object */
export const PALETTE = {
  /** Errors, critical alerts. */
  red: 0xff0000,
  /** Warnings. */
  orange: 0xffa500,
  /** Cautions. */
  yellow: 0xffff00,
  /** Success. */
  green: 0x00ff00,
  /** Info, reports. */
  blue: 0x0099ff,
  /** Special events. */
  purple: 0x9b59b6,
  /** Neutral. */
  gray: 0x95a5a6,
} as const satisfies Record<string, number>;

export type PaletteName = keyof typeof PALETTE;
export const PALETTE_NAMES = Object.keys(PALETTE) as PaletteName[];
