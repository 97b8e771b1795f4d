// The views render into light DOM (uPlot's stylesheet is global), so their own rules are global too, scoped by tag.
const css = `
ts-signal-view { display: block; position: relative; min-height: 260px; font: 12px system-ui, sans-serif; }
ts-signal-view .sv-layout { display: grid; grid-template-columns: auto 1fr auto; gap: 8px; height: 100%; }
ts-signal-view .sv-picker { max-height: 260px; overflow: auto; }
ts-signal-view .sv-picker fieldset { margin: 2px 0; padding: 2px 6px; }
ts-signal-view .sv-picker label { display: block; white-space: nowrap; }
ts-signal-view .sv-unit { color: #666; }
ts-signal-view .sv-main { position: relative; min-width: 0; height: 260px; cursor: crosshair; touch-action: none; }
ts-signal-view .sv-playhead { position: absolute; width: 0; border-left: 2px solid #e00; pointer-events: none; }
ts-signal-view .sv-loading { position: absolute; top: 4px; right: 8px; background: #fffbe6; padding: 1px 6px;
  border-radius: 3px; }
ts-signal-view .sv-error { position: absolute; left: 50px; top: 8px; right: 8px; color: #a00; background: #fff0f0;
  border: 1px solid #e99; padding: 4px 8px; }
ts-signal-view .sv-readout { font-variant-numeric: tabular-nums; min-width: 14em; max-height: 260px; overflow: auto; }
ts-signal-view .sv-readout-row { display: grid; grid-template-columns: 10px 1fr auto auto; gap: 4px; align-items: center; }
ts-signal-view .sv-swatch { width: 10px; height: 3px; }
ts-tactile-view { display: block; position: relative; font: 12px system-ui, sans-serif; }
ts-tactile-view .tv-pads { display: grid; gap: 8px; align-items: end;
  grid-template-columns: repeat(auto-fit, minmax(44px, 1fr)); }
ts-tactile-view figure { margin: 0; text-align: center; }
ts-tactile-view canvas { image-rendering: pixelated; border: 1px solid #ccc; }
/* Pads shrink with their tile so that every fingertip of a hand stays in view. */
ts-tactile-view figure canvas { width: 100%; max-width: 96px; height: auto; box-sizing: border-box; }
ts-tactile-view .tv-title { font-weight: 600; margin-bottom: 4px; color: #444; }
ts-tactile-view .tv-legend { display: flex; align-items: center; gap: 4px; margin-top: 6px; }
ts-tactile-view .tv-legend canvas { border: none; }
ts-tactile-view .tv-loading { position: absolute; top: 0; right: 0; background: #fffbe6; padding: 1px 6px; }
ts-tactile-view .tv-error { color: #a00; background: #fff0f0; border: 1px solid #e99; padding: 4px 8px; }
`;

if (!document.getElementById('ts-player-views-style')) {
  const style = document.createElement('style');
  style.id = 'ts-player-views-style';
  style.textContent = css;
  document.head.appendChild(style);
}
