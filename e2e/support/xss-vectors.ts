/** Script-injection vectors for item bodies, shared by the device test (e2e/xss.spec.ts) and the publisher's (hub/publish). */

// A set of well-known vectors (OWASP XSS filter evasion cheat sheet, html5sec.org).
export const VECTORS = [
  '<script>window.__xss=1</script>',
  '<img src=x onerror="window.__xss=2">',
  '<svg onload="window.__xss=3"></svg>',
  '<svg><script>window.__xss=4</script></svg>',
  '<iframe src="javascript:window.top.__xss=5"></iframe>',
  '<iframe srcdoc="<script>parent.__xss=6</script>"></iframe>',
  '<a href="javascript:window.__xss=7">点此办理</a>',
  '<body onload="window.__xss=8">',
  '<details open ontoggle="window.__xss=9">',
  '<math><mtext><table><mglyph><style><img src=x onerror="window.__xss=10">',
  '<form><button formaction="javascript:window.__xss=11">提交</button></form>',
  '<object data="javascript:window.__xss=12"></object>',
  '<embed src="javascript:window.__xss=13">',
  '<input autofocus onfocus="window.__xss=14">',
  '<video><source onerror="window.__xss=15"></video>',
  '<style>@import "javascript:window.__xss=16";</style>',
  '<meta http-equiv="refresh" content="0;url=javascript:window.__xss=17">',
  '<div style="background:url(javascript:window.__xss=18)">背景</div>',
  '<noscript><p title="</noscript><img src=x onerror=window.__xss=19>">',
  '<a href="data:text/html,<script>parent.__xss=20</script>">数据链接</a>',
  '<p>正文</p><!--<img src=x onerror=window.__xss=21>-->',
  '<base href="javascript:window.__xss=22//">',
];
