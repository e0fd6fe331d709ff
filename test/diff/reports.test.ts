import { describe, expect, it } from 'vitest';
import { diffPlans } from '../../solver/diff/index.ts';
import { planDiffHtml } from '../../src/reports/plan-diff-html.ts';
import { planDiffMarkdown } from '../../src/reports/plan-diff-markdown.ts';
import { threeNodeCluster } from './plan-builder.ts';

/**
 * The report fixture: from the three-node cluster, cam1's primary moves a → c, cam2 loses its
 * understudy (insufficient memory) and cam3's warm understudy moves a → b.
 */
function reportFixture(message = 'no node has 45 MiB free when b fails') {
  const older = threeNodeCluster();
  const newer = older
    .next()
    .withApp('cam1', { primary: 'c/r152', understudy: 'b/r50/warm' })
    .withApp('cam2', { primary: 'b/r50', understudy: { unprotected: 'insufficient-memory' } })
    .withApp('cam3', { primary: 'c/r50', understudy: 'b/r18/warm' });
  const after = newer.build();
  const entry = after.unprotected[0];
  if (entry !== undefined) entry.message = message;
  return diffPlans(older.build(), after, newer.figures());
}

describe('the Markdown report', () => {
  it('matches the committed snapshot', async () => {
    await expect(planDiffMarkdown(reportFixture())).toMatchFileSnapshot(
      '__snapshots__/plan-diff.md',
    );
  });

  it('says so in one line when nothing changes', () => {
    const v1 = threeNodeCluster().build();
    expect(planDiffMarkdown(diffPlans(v1, v1))).toBe(
      '# Plan diff v1 → v1\n\nv1 → v1: no changes\n',
    );
  });

  it('escapes data so it cannot break a table or add markup', () => {
    const markdown = planDiffMarkdown(reportFixture('a | b <img src=x> *bold*\nsecond line'));
    expect(markdown).toContain(
      '(insufficient-memory): a | b \\<img src=x\\> \\*bold\\* second line',
    );
  });
});

describe('the HTML report', () => {
  it('is one page with both charts, no script and nothing to fetch', () => {
    const html = planDiffHtml(reportFixture());
    expect(html.match(/<svg /g)).toHaveLength(2);
    expect(html).toContain('data-chart="memory"');
    expect(html).toContain('data-chart="accuracy"');
    expect(html).not.toMatch(/<script|<link|src=|@import|url\(/i);
    // The only URL is the SVG namespace, which names and loads nothing.
    expect(html.match(/https?:\/\/[^"]*/g)).toEqual([
      'http://www.w3.org/2000/svg',
      'http://www.w3.org/2000/svg',
    ]);
    expect(html).toContain('@media print');
  });

  it('escapes every text that comes from data', () => {
    const html = planDiffHtml(reportFixture('<script>alert("x")</script> & more'));
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more');
  });
});
