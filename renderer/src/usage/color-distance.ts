/**
 * How different two colours look: the distance between them in OKLab (Björn Ottosson, "A perceptual color space
 * for image processing", 2020, https://bottosson.github.io/posts/oklab/), where equal distances look about equally
 * different — unlike sRGB, where two oranges far apart in numbers can look the same. 0.02 is about the smallest
 * difference people notice side by side; white and black are 1 apart.
 */

export type OkLab = readonly [lightness: number, a: number, b: number];

/** The sRGB transfer function undone: a 0–255 channel as linear light, 0–1. */
function linear(channel: number): number {
  const c = channel / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

/** "#rrggbb" in OKLab, with the matrices of the reference implementation. */
export function oklab(hex: string): OkLab {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!match) throw new Error(`"${hex}" is not a #rrggbb colour`);
  const [r, g, b] = match.slice(1).map((pair) => linear(parseInt(pair, 16))) as [number, number, number];
  const l = Math.cbrt(0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b);
  const m = Math.cbrt(0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b);
  const s = Math.cbrt(0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b);
  return [
    0.2104542553 * l + 0.793617785 * m - 0.0040720468 * s,
    1.9779984951 * l - 2.428592205 * m + 0.4505937099 * s,
    0.0259040371 * l + 0.7827717662 * m - 0.808675766 * s,
  ];
}

/** The Euclidean distance of two "#rrggbb" colours in OKLab (ΔE_OK). */
export function colorDistance(first: string, second: string): number {
  const [l1, a1, b1] = oklab(first);
  const [l2, a2, b2] = oklab(second);
  return Math.hypot(l1 - l2, a1 - a2, b1 - b2);
}
