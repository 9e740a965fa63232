// SC.map: a Leaflet map over the region. Without a tile URL the base map
// is drawn from /v1/region: district boundaries and township names, in the
// coordinate system the map was asked for, so it works with no network.
// With a tile URL (an Amap, Tencent, Tianditu or own tile server template)
// the tiles go underneath and the boundaries become thin outlines.
SC.map = (function () {
  'use strict';
  const h = SC.dom.h;

  // Below this zoom township names would crowd each other out.
  const townshipZoom = 11;

  // create(el, {lang, tiles, attribution, label}) returns {map, base(region)}.
  function create(el, opts) {
    const map = L.map(el, {
      zoomControl: true,
      attributionControl: true,
      keyboard: true,
      minZoom: 7,
      maxZoom: 18,
      zoomSnap: 0.25,
      preferCanvas: false,
      // On a touch screen one finger scrolls the page past the map; two
      // pan and pinch it (touchZoom), as map apps embedded in pages do.
      dragging: !coarsePointer()
    });
    map.attributionControl.setPrefix(false);
    el.setAttribute('role', 'region');
    if (opts.label) el.setAttribute('aria-label', opts.label);
    if (opts.tiles) {
      L.tileLayer(opts.tiles, {
        attribution: opts.attribution || '',
        subdomains: opts.subdomains || '1234',
        maxZoom: 18
      }).addTo(map);
      el.classList.add('sc-tiled');
    }
    const zoomClass = () => el.classList.toggle('sc-zoomed-out', map.getZoom() < townshipZoom);
    map.on('zoomend', zoomClass);

    // base draws a /v1/region FeatureCollection and fits the map to it.
    function base(region) {
      const districts = L.geoJSON(region, {
        filter: (f) => f.properties.kind === 'district',
        style: () => ({ className: 'sc-district', weight: opts.tiles ? 1.5 : 1, fill: !opts.tiles }),
        interactive: false
      }).addTo(map);
      const names = L.layerGroup().addTo(map);
      for (const f of region.features) {
        const p = f.properties;
        if (p.kind === 'township') {
          names.addLayer(label(f.geometry.coordinates, p.short_name || p.name, 'sc-township'));
        } else if (p.kind === 'district' && p.label_point) {
          names.addLayer(label(p.label_point, p.name, 'sc-district-name'));
        }
      }
      const b = region.bbox;
      const bounds = L.latLngBounds([b[1], b[0]], [b[3], b[2]]);
      map.fitBounds(bounds, { animate: false });
      map.setMaxBounds(bounds.pad(0.5));
      zoomClass();
      // Names that would overlap are left out, districts' before townships'.
      const declutter = () => hideOverlaps(names);
      map.on('zoomend moveend', declutter);
      declutter();
      if (region.region && region.region.attribution && region.region.attribution.length) {
        // The catalogue's credits are long: one line that opens into the list.
        const items = region.region.attribution.map((a) => '<li>' + escapeText(a) + '</li>').join('');
        map.attributionControl.addAttribution('<details><summary>' + escapeText(opts.sourcesLabel || 'Sources') + '</summary><ul>' + items + '</ul></details>');
      }
      return { districts: districts, names: names, bounds: bounds };
    }

    return { map: map, base: base };
  }

  function coarsePointer() {
    return !!(window.matchMedia && window.matchMedia('(pointer: coarse)').matches);
  }

  // hideOverlaps shows each name unless it would cover one shown before
  // it: district names come first (they were added first), then the
  // townships', in their order.
  function hideOverlaps(names) {
    const shown = [];
    names.eachLayer((m) => {
      const el = m.getElement();
      if (!el) return;
      el.classList.remove('sc-label-hidden');
      const span = el.firstChild;
      if (!span || el.offsetParent === null) return;
      const r = span.getBoundingClientRect();
      if (r.width === 0) return;
      const hit = shown.some((s) => r.left < s.right + 2 && s.left < r.right + 2 && r.top < s.bottom && s.top < r.bottom);
      if (hit) el.classList.add('sc-label-hidden');
      else shown.push(r);
    });
  }

  // label is a name on the map that neither takes clicks nor focus.
  function label(lngLat, text, cls) {
    return L.marker([lngLat[1], lngLat[0]], {
      icon: L.divIcon({ className: 'sc-label ' + cls, html: h('span', { text: text }), iconSize: null }),
      interactive: false,
      keyboard: false
    });
  }

  // Attribution strings go into Leaflet's control as HTML: escape them.
  function escapeText(s) {
    const div = document.createElement('div');
    div.textContent = s;
    return div.innerHTML;
  }

  return { create: create, townshipZoom: townshipZoom };
})();
