import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffPlans } from '../../solver/diff/index.ts';
import { planDiffHtml } from '../../src/reports/plan-diff-html.ts';
import { CHART_COLOURS } from '../../src/reports/svg-charts.ts';
import { ensureChromium, screenshot } from '../support/chromium.ts';
import { colourCounts, decodePng } from '../support/png.ts';
import type { Image } from '../support/png.ts';
import { threeNodeCluster } from './plan-builder.ts';

/** Pixels of one legend swatch (12 × 12 px). */
const SWATCH_PX = 144;

describe('the HTML report in headless Chromium', () => {
  let dir: string;
  let image: Image;
  let colours: Map<string, number>;

  beforeAll(async () => {
    const chromium = await ensureChromium();
    dir = await mkdtemp(join(tmpdir(), 'understudy-html-'));
    // cam1's primary moves a → c; cam2 loses its understudy; cam3's understudy moves a → b.
    const older = threeNodeCluster();
    const newer = older
      .next()
      .withApp('cam1', { primary: 'c/r152', understudy: 'b/r50/warm' })
      .withApp('cam2', { primary: 'b/r50', understudy: { unprotected: 'insufficient-memory' } })
      .withApp('cam3', { primary: 'c/r50', understudy: 'b/r18/cold' });
    const htmlFile = join(dir, 'diff.html');
    const pngFile = join(dir, 'diff.png');
    await writeFile(
      htmlFile,
      planDiffHtml(diffPlans(older.build(), newer.build(), newer.figures())),
    );
    await screenshot(chromium, { htmlFile, pngFile, widthPx: 1200, heightPx: 1800 });
    image = decodePng(await readFile(pngFile));
    colours = colourCounts(image);
  }, 20 * 60_000);

  afterAll(async () => {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('renders a page that is not blank', () => {
    expect([image.width, image.height]).toEqual([1200, 1800]);
    const [, background = 0] = [...colours].sort((a, b) => b[1] - a[1])[0] ?? [];
    // Text, tables and charts cover well over 2 % of the page.
    expect(background).toBeLessThan(0.98 * image.width * image.height);
    expect(colours.size).toBeGreaterThan(20);
  });

  it('draws the memory chart, before and after', () => {
    // Bars are whole-pixel rectangles at least 14 px tall: their fill colour shows unblended.
    for (const colour of [CHART_COLOURS.steadyBefore, CHART_COLOURS.steadyAfter])
      expect(colours.get(colour) ?? 0, colour).toBeGreaterThan(SWATCH_PX + 14 * 20);
  });

  it('draws the accuracy chart with the losing apps in red', () => {
    // The legend shows each colour as a 12 × 12 px swatch. cam2 loses 70 pt, the largest
    // change, so its bar spans half the plot; cam3 (warm → cold) keeps its accuracy: no bar.
    expect(colours.get(CHART_COLOURS.loss) ?? 0).toBeGreaterThan(SWATCH_PX + 14 * 100);
    expect(colours.get(CHART_COLOURS.gain) ?? 0).toBe(SWATCH_PX);
  });
});
