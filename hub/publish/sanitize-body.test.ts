import { describe, expect, it } from 'vitest';
import { VECTORS } from '../../e2e/support/xss-vectors.ts';
import { sanitizeBody } from './sanitize-body.ts';

describe('the publisher cleans bodies before signing', () => {
  it('none of the known vectors survives: no script, handler, script URL, frame or plug-in is signed', () => {
    for (const v of VECTORS) {
      const { html, removed } = sanitizeBody(`<p>前</p>${v}<p>后</p>`, v);
      expect(html, v).not.toMatch(
        /<script|<iframe|<object|<embed|<svg|<math|<style|<meta|<base|<form|<img|<input|<video|<source|<body|<details/i,
      );
      expect(html, v).not.toMatch(/\son[a-z]+\s*=/i);
      expect(html, v).not.toMatch(/javascript:|data:text/i);
      expect(html, v).toContain('<p>前</p>');
      if (!/<!--/.test(v) && !/<details/.test(v)) expect(removed.length, v).toBeGreaterThan(0);
    }
  });

  it('says what it removed and on which line of the Markdown', () => {
    const md = [
      '# 办事指南',
      '',
      '正文第一段。',
      '',
      '<img src=x onerror="alert(1)">',
      '',
      '[点此办理](javascript:alert(2))',
      '',
      '<script>alert(3)</script>',
    ].join('\n');
    const html = [
      '<h1>办事指南</h1>',
      '<p>正文第一段。</p>',
      '<img src=x onerror="alert(1)">',
      '<p><a href="javascript:alert(2)">点此办理</a></p>',
      '<script>alert(3)</script>',
    ].join('\n');
    const r = sanitizeBody(html, md);
    expect(r.removed).toEqual([
      { what: '删除了图片 <img>(图片请作为附件上传)', line: 5 },
      { what: '删除了事件属性 onerror(会执行脚本)', line: 5 },
      { what: '删除了 href 中的脚本地址 javascript:', line: 7 },
      { what: '删除了脚本 <script>', line: 9 },
    ]);
    expect(r.html).toContain('<p><a>点此办理</a></p>');
    expect(r.html).not.toContain('alert(3)');
  });

  it('keeps what a kiosk shows: headings, lists, tables with spans, http links', () => {
    const html =
      '<h2>收费标准</h2><ul><li><strong>工本费</strong> 10 元</li></ul><table><tr><td colspan="2">合计</td></tr></table><p><a href="https://www.qingyuan.gov.cn/">县政府网站</a></p>';
    const r = sanitizeBody(html, '');
    expect(r.html).toBe(html);
    expect(r.removed).toEqual([]);
  });

  it('escapes what it cannot read as a tag, and hides no script behind entities', () => {
    expect(sanitizeBody('<p>a < b</p><img src=x onerror=alert(1)', '').html).toBe('<p>a &lt; b</p>&lt;img src=x onerror=alert(1)');
    const r = sanitizeBody('<a href="jav&#x61;script:alert(1)">x</a><a href="&#106;avascript:alert(1)">y</a>', '');
    expect(r.html).toBe('<a>x</a><a>y</a>');
    expect(r.removed).toHaveLength(2);
  });
});
