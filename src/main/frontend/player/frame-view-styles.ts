// The cloud and depth views render into light DOM like the other player views, so their rules are global, scoped by tag.
export {};
const css = `
ts-cloud-view { display: block; position: relative; min-height: 240px; height: 360px; font: 12px system-ui, sans-serif;
  background: #111418; color: #ddd; }
ts-cloud-view .cv-canvas { position: absolute; inset: 0 0 26px 0; touch-action: none; }
ts-cloud-view .cv-canvas canvas { display: block; width: 100%; height: 100%; }
ts-cloud-view .cv-bar { position: absolute; left: 0; right: 0; bottom: 0; height: 26px; display: flex; gap: 12px;
  align-items: center; padding: 0 6px; background: #1d2126; }
ts-cloud-view .cv-bar input[type=range] { width: 80px; vertical-align: middle; }
ts-cloud-view .cv-loading, ts-depth-view .dv-loading { position: absolute; top: 4px; right: 6px; background: #fffbe6;
  color: #333; padding: 1px 6px; border-radius: 3px; }
ts-cloud-view .cv-error, ts-depth-view .dv-error { position: absolute; left: 8px; top: 8px; right: 8px; color: #a00;
  background: #fff0f0; border: 1px solid #e99; padding: 4px 8px; }
ts-depth-view { display: block; position: relative; min-height: 120px; font: 12px system-ui, sans-serif; }
ts-depth-view .dv-frame { position: relative; min-height: 90px; }
ts-depth-view .dv-image { display: block; width: 100%; height: auto; image-rendering: pixelated; background: #000; }
ts-depth-view .dv-legend { display: flex; align-items: center; gap: 4px; margin-top: 4px; }
ts-depth-view .dv-none { color: #000; margin-left: 8px; }
ts-depth-view .dv-legend span { white-space: nowrap; }
ts-cloud-view .cv-note { position: absolute; left: 0; right: 0; top: 45%; text-align: center; color: #aaa; }
`;

if (!document.getElementById('ts-frame-views-style')) {
  const style = document.createElement('style');
  style.id = 'ts-frame-views-style';
  style.textContent = css;
  document.head.appendChild(style);
}
