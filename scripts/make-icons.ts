/**
 * Draws Switchboard's icons with nothing but Node (node:zlib for PNG's deflate) and writes them to resources/:
 *
 *   resources/icon.png                          1024×1024 app icon (electron-builder makes .icns/.ico from it)
 *   resources/tray/trayTemplate.png             16×16 black on transparent (macOS menu-bar template image), running
 *   resources/tray/trayTemplate@2x.png          32×32 the same for Retina
 *   resources/tray/trayStoppedTemplate(@2x).png the glyph faded: the proxy is stopped
 *   resources/tray/trayAttentionTemplate(@2x).png  with a dot in the corner: something needs the person
 *   resources/tray/tray.png                     32×32 coloured (Windows and Linux trays), running
 *   resources/tray/tray-stopped.png             grey tile
 *   resources/tray/tray-attention.png           with an amber dot
 *
 * The glyph: three dots, one on the left wired to two on the right — a switchboard routing one line to many.
 * Shapes are signed distance functions, so every edge is anti-aliased at any size. main/tray-icons.ts names
 * which file the tray shows for which state.
 *
 * Run: node_modules/.bin/tsx scripts/make-icons.ts   (the PNGs are committed; rerun after changing this file)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { deflateSync } from 'node:zlib';

type Rgb = readonly [number, number, number];

interface Box {
  x: number;
  y: number;
  size: number;
}

interface GlyphStyle {
  /** Dot radius and half the line width, as fractions of the glyph box. */
  dotRadius: number;
  halfLineWidth: number;
}

/** The glyph in its own unit square: a source dot on the left, two destination dots on the right. */
const SOURCE = { x: 0.2, y: 0.5 };
const DESTINATIONS = [
  { x: 0.8, y: 0.22 },
  { x: 0.8, y: 0.78 },
];

const TOP_COLOR: Rgb = [99, 102, 241]; // indigo 500
const BOTTOM_COLOR: Rgb = [67, 56, 202]; // indigo 700
const STOPPED_TOP: Rgb = [156, 163, 175]; // gray 400
const STOPPED_BOTTOM: Rgb = [107, 114, 128]; // gray 500
const BADGE_COLOR: Rgb = [245, 158, 11]; // amber 500
const WHITE: Rgb = [255, 255, 255];

/** The attention dot, top left where the glyph leaves room, in the unit square; with a gap cut around it. */
const BADGE = { x: 0.2, y: 0.2, radius: 0.17, gap: 0.07 };
/** How opaque the glyph of the "stopped" template is. */
const STOPPED_ALPHA = 0.4;

// ---- signed distances (negative inside), in pixels ----

function circle(px: number, py: number, cx: number, cy: number, r: number): number {
  return Math.hypot(px - cx, py - cy) - r;
}

function capsule(px: number, py: number, ax: number, ay: number, bx: number, by: number, halfWidth: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy)) - halfWidth;
}

function roundedSquare(px: number, py: number, box: Box, radius: number): number {
  const half = box.size / 2;
  const qx = Math.abs(px - (box.x + half)) - (half - radius);
  const qy = Math.abs(py - (box.y + half)) - (half - radius);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius;
}

function glyph(px: number, py: number, box: Box, style: GlyphStyle): number {
  const at = (point: { x: number; y: number }) => ({ x: box.x + point.x * box.size, y: box.y + point.y * box.size });
  const source = at(SOURCE);
  let distance = circle(px, py, source.x, source.y, style.dotRadius * box.size);
  for (const destination of DESTINATIONS.map(at)) {
    distance = Math.min(
      distance,
      circle(px, py, destination.x, destination.y, style.dotRadius * box.size),
      capsule(px, py, source.x, source.y, destination.x, destination.y, style.halfLineWidth * box.size),
    );
  }
  return distance;
}

/** Share of a pixel covered by a shape, from its signed distance at the pixel's centre. */
function coverage(distance: number): number {
  return Math.max(0, Math.min(1, 0.5 - distance));
}

// ---- images ----

/** An RGBA image (not premultiplied), row by row. */
interface Image {
  size: number;
  pixels: Uint8Array;
}

function draw(size: number, shade: (px: number, py: number) => { color: Rgb; alpha: number }): Image {
  const pixels = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const { color, alpha } = shade(x + 0.5, y + 0.5);
      const offset = (y * size + x) * 4;
      pixels[offset] = Math.round(color[0]);
      pixels[offset + 1] = Math.round(color[1]);
      pixels[offset + 2] = Math.round(color[2]);
      pixels[offset + 3] = Math.round(alpha * 255);
    }
  }
  return { size, pixels };
}

type Variant = 'running' | 'stopped' | 'attention';

/** Paints `top` over `bottom` (neither premultiplied). */
function over(top: { color: Rgb; alpha: number }, bottom: { color: Rgb; alpha: number }): { color: Rgb; alpha: number } {
  const alpha = top.alpha + bottom.alpha * (1 - top.alpha);
  if (alpha === 0) return { color: [0, 0, 0], alpha: 0 };
  const color = top.color.map((value, i) => (value * top.alpha + bottom.color[i]! * bottom.alpha * (1 - top.alpha)) / alpha) as unknown as Rgb;
  return { color, alpha };
}

function badgeDistance(px: number, py: number, box: Box, extra = 0): number {
  return circle(px, py, box.x + BADGE.x * box.size, box.y + BADGE.y * box.size, (BADGE.radius + extra) * box.size);
}

/** White glyph over a rounded square with a vertical gradient (indigo; grey when stopped); amber dot for attention. */
function colouredIcon(size: number, tile: Box, cornerRadius: number, glyphBox: Box, style: GlyphStyle, variant: Variant = 'running'): Image {
  const [top, bottom] = variant === 'stopped' ? [STOPPED_TOP, STOPPED_BOTTOM] : [TOP_COLOR, BOTTOM_COLOR];
  return draw(size, (px, py) => {
    const tileAlpha = coverage(roundedSquare(px, py, tile, cornerRadius));
    const t = Math.max(0, Math.min(1, (py - tile.y) / tile.size));
    const background = top.map((value, i) => value + (bottom[i]! - value) * t) as unknown as Rgb;
    let pixel = over({ color: WHITE, alpha: coverage(glyph(px, py, glyphBox, style)) * tileAlpha }, { color: background, alpha: tileAlpha });
    if (variant === 'attention') {
      // A white ring around the dot keeps it apart from the glyph and the tile.
      pixel = over({ color: WHITE, alpha: coverage(badgeDistance(px, py, tile, BADGE.gap / 2)) }, pixel);
      pixel = over({ color: BADGE_COLOR, alpha: coverage(badgeDistance(px, py, tile)) }, pixel);
    }
    return pixel;
  });
}

/** Black glyph on transparent: macOS tints template images for light and dark menu bars itself. */
function templateIcon(size: number, style: GlyphStyle, variant: Variant = 'running'): Image {
  const box = { x: 0.5, y: 0.5, size: size - 1 };
  return draw(size, (px, py) => {
    let alpha = coverage(glyph(px, py, box, style));
    if (variant === 'stopped') alpha *= STOPPED_ALPHA;
    if (variant === 'attention') {
      // Templates have one colour: the dot is told apart by the gap cut out of the glyph around it.
      alpha = Math.max(alpha * (1 - coverage(badgeDistance(px, py, box, BADGE.gap))), coverage(badgeDistance(px, py, box)));
    }
    return { color: [0, 0, 0], alpha };
  });
}

export function renderIcons(): Map<string, Image> {
  // macOS icon grid: an 824 px tile centred on the 1024 canvas, corners ≈ 22.5 % of the tile.
  const appTile = { x: 100, y: 100, size: 824 };
  const appGlyph = { x: 240, y: 240, size: 544 };
  const small: GlyphStyle = { dotRadius: 0.16, halfLineWidth: 0.06 };
  const trayTile = { x: 0, y: 0, size: 32 };
  const trayGlyph = { x: 5, y: 5, size: 22 };
  return new Map([
    ['icon.png', colouredIcon(1024, appTile, 185, appGlyph, { dotRadius: 0.13, halfLineWidth: 0.045 })],
    ['tray/trayTemplate.png', templateIcon(16, small)],
    ['tray/trayTemplate@2x.png', templateIcon(32, small)],
    ['tray/trayStoppedTemplate.png', templateIcon(16, small, 'stopped')],
    ['tray/trayStoppedTemplate@2x.png', templateIcon(32, small, 'stopped')],
    ['tray/trayAttentionTemplate.png', templateIcon(16, small, 'attention')],
    ['tray/trayAttentionTemplate@2x.png', templateIcon(32, small, 'attention')],
    ['tray/tray.png', colouredIcon(32, trayTile, 7, trayGlyph, small)],
    ['tray/tray-stopped.png', colouredIcon(32, trayTile, 7, trayGlyph, small, 'stopped')],
    ['tray/tray-attention.png', colouredIcon(32, trayTile, 7, trayGlyph, small, 'attention')],
  ]);
}

// ---- PNG encoding (RFC 2083): signature, IHDR, one IDAT, IEND ----

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

export function encodePng(image: Image): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(image.size, 0);
  header.writeUInt32BE(image.size, 4);
  header[8] = 8; // bits per channel
  header[9] = 6; // colour type: RGBA
  header[10] = 0; // deflate
  header[11] = 0; // adaptive filtering
  header[12] = 0; // no interlace
  const stride = image.size * 4;
  const raw = Buffer.alloc((stride + 1) * image.size);
  for (let y = 0; y < image.size; y++) {
    raw[y * (stride + 1)] = 0; // filter: none
    raw.set(image.pixels.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

export function writeIcons(resourcesDir: string): string[] {
  const written: string[] = [];
  for (const [name, image] of renderIcons()) {
    const path = join(resourcesDir, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, encodePng(image));
    written.push(path);
  }
  return written;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const resourcesDir = fileURLToPath(new URL('../resources/', import.meta.url));
  for (const path of writeIcons(resourcesDir)) process.stdout.write(`wrote ${path}\n`);
}
