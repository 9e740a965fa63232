// Boot for the widget a district website pastes:
//
//   <script src="https://HOST/widget.js" data-district="330212" data-mode="walk" data-minutes="15"></script>
//
// It puts a <skillcircle-widget> box right after its own <script> tag (or
// into the element data-target names) and draws the search inside that
// box's shadow root, so that the host page's CSS cannot reach in and ours
// cannot leak out. The API is the origin the script came from.
(function () {
  'use strict';
  const script = document.currentScript;
  if (!script) return;
  const d = script.dataset;
  const origin = new URL(script.src, window.location.href).origin;
  const options = {
    api: origin, compact: true, lang: d.lang, district: d.district, family: d.family, mode: d.mode,
    minutes: d.minutes, crs: d.crs, tiles: d.tiles, attribution: d.attribution, q: d.q, address: d.address,
    lat: d.lat, lng: d.lng, level: d.level, schedule: d.schedule, free: d.free, seats: d.seats,
    // data-workplace, or data-work-lat and data-work-lng: a preset workplace.
    workplace: d.workplace, workLat: d.workLat, workLng: d.workLng, along: d.along, detour: d.detour,
    // data-region: the region, when the server serves several.
    region: d.region
  };

  const host = document.createElement('skillcircle-widget');
  const height = /^\d+$/.test(d.height || '') ? d.height + 'px' : (d.height || '560px');
  // :host in our CSS reads the height from here.
  host.style.setProperty('--sc-height', height);
  const target = d.target && document.querySelector(d.target);
  if (target) target.appendChild(host);
  else script.parentNode.insertBefore(host, script.nextSibling);

  const shadow = host.attachShadow({ mode: 'open' });
  // Leaflet's images are referred to as /assets/...: they live on the API's origin.
  const css = SC.css.replace(/url\((['"]?)\/assets\//g, 'url($1' + origin + '/assets/');
  if (shadow.adoptedStyleSheets !== undefined && window.CSSStyleSheet && CSSStyleSheet.prototype.replaceSync) {
    // A constructed sheet is not an inline <style>: a host page whose CSP
    // forbids inline styles still shows the widget styled.
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    shadow.adoptedStyleSheets = [sheet];
  } else {
    shadow.appendChild(document.createElement('style')).textContent = css;
  }
  const root = document.createElement('div');
  root.className = 'sc-root sc-widget';
  shadow.appendChild(root);
  SC.apps.search(root, options);
})();
