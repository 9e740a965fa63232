// SC.apps.search: the course search, as the page at /, the page for an
// <iframe> (/embed) and the widget (widget.js). Options (all optional):
//   lang 'zh'|'en'; district (limits sites, search and view to one
//   district code); family, level, schedule, free, seats (filters); mode
//   walk|bike|ebike|transit|drive; minutes; q (course words); address (looked up on
//   start); lat, lng (starting point, in crs); crs wgs84|gcj02|bd09: the
//   coordinate system of everything drawn (that of the host's tiles);
//   tiles, attribution (a tile URL template and its credit); compact
//   (smaller header, for the iframe and the widget); urlState (keep the
//   page's URL in step with the search); api (the API's origin); region
//   (the region asked, when the server serves several).
SC.apps.search = (function () {
  'use strict';
  const h = SC.dom.h;
  const i18n = SC.i18n;
  const modes = ['walk', 'bike', 'ebike', 'transit', 'drive'];
  const presets = [5, 10, 15, 30];
  const detourChoices = [0, 5, 10, 15, 30];
  const pageSize = 20;

  return function mount(root, options) {
    const o = normalize(options);
    const api = SC.api.client(o.api, o.region);
    const state = {
      // origin is home (or the one starting point), work the workplace;
      // mapRole is which of them a click on the map sets.
      // along: 'commute' lists the courses on the way from work to home
      // (顺路), each adding at most detour minutes; '' those near either.
      lang: o.lang, mode: o.mode, minutes: o.minutes, origin: null, work: null, mapRole: 'home',
      along: o.along, detour: o.detour,
      search: null, hits: [], sites: [], offset: 0, selected: null, ctrl: null, runs: 0,
      suggest: null
    };
    const ids = {
      address: SC.dom.uid('address'), q: SC.dom.uid('q'), status: SC.dom.uid('status'),
      results: SC.dom.uid('results'), family: SC.dom.uid('family'), level: SC.dom.uid('level'),
      schedule: SC.dom.uid('schedule'), suggest: SC.dom.uid('suggest'), title: SC.dom.uid('title'),
      places: SC.dom.uid('places'), workplace: SC.dom.uid('workplace'), workPlaces: SC.dom.uid('work-places')
    };
    const t = (key, vars) => i18n.t(state.lang, key, vars);
    // Elements whose text follows the language: [element, key, attribute].
    const texts = [];
    const tr = (el, key, attr) => {
      texts.push([el, key, attr]);
      return el;
    };

    // ---- the interface
    const app = h('div', { class: 'sc-app' + (o.compact ? ' sc-compact' : ''), 'data-state': 'idle' });
    const langButton = h('button', { type: 'button', class: 'sc-lang', onclick: () => setLang(state.lang === 'zh' ? 'en' : 'zh') });
    const header = h('header', { class: 'sc-header' }, [
      h('div', { class: 'sc-titles' }, [
        tr(h(o.compact ? 'p' : 'h1', { class: 'sc-title', id: ids.title }), 'title'),
        o.compact ? null : tr(h('p', { class: 'sc-subtitle' }), 'subtitle')
      ]),
      langButton
    ]);

    const address = h('input', { id: ids.address, type: 'search', class: 'sc-input', autocomplete: 'off', enterkeyhint: 'search', list: ids.places });
    const places = h('datalist', { id: ids.places });
    const candidates = h('div', { class: 'sc-candidates', hidden: true });
    const modeGroup = radioGroup('mode', modes, state.mode, (m) => i18n.label(state.lang, 'mode', m), (m) => {
      state.mode = m;
      rerun();
    });
    const minuteValues = presets.indexOf(o.minutes) >= 0 ? presets : presets.concat([o.minutes]).sort((a, b) => a - b);
    const minutesGroup = radioGroup('minutes', minuteValues, state.minutes, (n) => t('minutesValue', { n: n }), (n) => {
      state.minutes = Number(n);
      rerun();
    });
    // With home and workplace: near either, or on the way home (顺路).
    const alongGroup = radioGroup('along', ['', 'commute'], state.along, (a) => t(a ? 'alongCommute' : 'alongNear'), (a) => {
      state.along = a;
      showAlong();
      rerun();
    });
    const detourGroup = radioGroup('detour', detourChoices, state.detour, (n) => t('detourValue', { n: n }), (n) => {
      state.detour = Number(n);
      rerun();
    });
    const alongField = h('fieldset', { class: 'sc-chips sc-along', hidden: true }, [
      tr(h('legend', { class: 'sc-label' }), 'along'), alongGroup.el,
      h('div', { class: 'sc-detour', hidden: true }, [tr(h('span', { class: 'sc-label' }), 'detour'), detourGroup.el])
    ]);
    // Said beside the chips when the search looked further than the chip.
    const widenedNote = h('p', { class: 'sc-widened', hidden: true });
    const query = h('input', { id: ids.q, type: 'search', class: 'sc-input', autocomplete: 'off', list: ids.suggest, value: o.q || null });
    const datalist = h('datalist', { id: ids.suggest });
    const family = select(ids.family, 'family', o.family);
    const level = select(ids.level, 'level', o.level);
    const schedule = select(ids.schedule, 'schedule', o.schedule);
    const free = h('input', { type: 'checkbox', checked: o.free || null });
    const seats = h('input', { type: 'checkbox', checked: o.seats || null });
    // With home and workplace: evening classes from work, weekend ones from home.
    const fitSchedule = h('input', { type: 'checkbox', checked: o.fitSchedule || null });
    const fitField = h('label', { class: 'sc-check sc-fit', hidden: true }, [fitSchedule, tr(h('span'), 'fitSchedule')]);
    for (const el of [family, level, schedule, free, seats, fitSchedule]) el.addEventListener('change', rerun);
    query.addEventListener('change', rerun);
    query.addEventListener('input', () => suggest(query, datalist, ['trade', 'title']));
    address.addEventListener('input', () => suggest(address, places, ['place']));
    const workplace = h('input', { id: ids.workplace, type: 'search', class: 'sc-input sc-workplace', autocomplete: 'off', enterkeyhint: 'search', list: ids.workPlaces });
    const workPlaces = h('datalist', { id: ids.workPlaces });
    workplace.addEventListener('input', () => suggest(workplace, workPlaces, ['place']));
    // Which starting point a click on the map (or 我的位置, 地图中心) sets.
    const roleGroup = radioGroup('role', ['home', 'work'], 'home', (r) => t(r === 'work' ? 'roleWork' : 'roleHome'), (r) => {
      state.mapRole = r;
    });

    const form = h('form', { class: 'sc-form', role: 'search', novalidate: true }, [
      h('div', { class: 'sc-field' }, [
        tr(h('label', { for: ids.address, class: 'sc-label' }), 'origin'),
        h('div', { class: 'sc-row' }, [
          tr(address, 'originPlaceholder', 'placeholder'),
          tr(h('button', { type: 'submit', class: 'sc-button sc-primary' }), 'search')
        ]),
        places,
        tr(h('label', { for: ids.workplace, class: 'sc-label' }), 'workplace'),
        tr(workplace, 'workplacePlaceholder', 'placeholder'),
        workPlaces,
        candidates,
        h('div', { class: 'sc-row sc-row-small' }, [
          tr(tr(h('button', { type: 'button', class: 'sc-button sc-small', onclick: locate }), 'locate'), 'locateLabel', 'aria-label'),
          tr(tr(h('button', { type: 'button', class: 'sc-button sc-small', onclick: fromMapCentre }), 'mapCentre'), 'mapCentreLabel', 'aria-label')
        ]),
        h('fieldset', { class: 'sc-chips sc-role' }, [tr(h('legend', { class: 'sc-label' }), 'mapSets'), roleGroup.el])
      ]),
      alongField,
      h('fieldset', { class: 'sc-chips' }, [tr(h('legend', { class: 'sc-label' }), 'mode'), modeGroup.el]),
      h('fieldset', { class: 'sc-chips sc-minutes' }, [tr(h('legend', { class: 'sc-label' }), 'minutes'), minutesGroup.el, widenedNote]),
      h('div', { class: 'sc-field' }, [
        tr(h('label', { for: ids.q, class: 'sc-label' }), 'query'),
        tr(query, 'queryPlaceholder', 'placeholder'), datalist
      ]),
      h('details', { class: 'sc-filters', open: (o.family || o.level || o.schedule || o.free || o.seats) ? true : null }, [
        tr(h('summary', {}), 'filters'),
        h('div', { class: 'sc-filter-grid' }, [
          h('div', { class: 'sc-field' }, [tr(h('label', { for: ids.family, class: 'sc-label' }), 'family'), family]),
          h('div', { class: 'sc-field' }, [tr(h('label', { for: ids.level, class: 'sc-label' }), 'level'), level]),
          h('div', { class: 'sc-field' }, [tr(h('label', { for: ids.schedule, class: 'sc-label' }), 'schedule'), schedule]),
          h('label', { class: 'sc-check' }, [free, tr(h('span'), 'freeOnly')]),
          h('label', { class: 'sc-check' }, [seats, tr(h('span'), 'seatsOnly')]),
          fitField
        ])
      ])
    ]);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      submit();
    });

    const mapEl = tr(h('div', { class: 'sc-map', tabindex: '0' }), 'map', 'aria-label');
    const status = h('p', { class: 'sc-status', id: ids.status, role: 'status', 'aria-live': 'polite' });
    const spelling = h('p', { class: 'sc-spelling', hidden: true });
    const siteLink = h('p', { class: 'sc-site-link', hidden: true });
    const nearest = h('p', { class: 'sc-nearest', hidden: true });
    const list = h('ol', { class: 'sc-list', 'aria-labelledby': ids.results });
    const more = tr(h('button', { type: 'button', class: 'sc-button sc-more', hidden: true, onclick: loadMore }), 'more');
    const results = h('section', { class: 'sc-results', 'aria-labelledby': ids.results }, [
      tr(h('h2', { class: 'sc-results-title', id: ids.results }), 'results'),
      status, siteLink, nearest, spelling, list, more
    ]);
    // A link past the map: its markers are each a tab stop.
    const skip = tr(h('a', { class: 'sc-skip', href: '#' + ids.results, onclick: (e) => {
      e.preventDefault();
      const first = list.querySelector('.sc-course-title');
      (first || results).focus();
      if (!first) results.setAttribute('tabindex', '-1');
    } }), 'skipToList');
    const body = h('div', { class: 'sc-body' }, [h('div', { class: 'sc-form-area' }, [form, skip]), mapEl, results]);
    app.appendChild(header);
    // The link's settings that fell back to their defaults, said once.
    const notice = h('p', { class: 'sc-notice', role: 'note', hidden: (o.ignored || []).length ? null : true });
    app.appendChild(notice);
    app.appendChild(body);
    SC.dom.clear(root).appendChild(app);

    // ---- the map
    const view = SC.map.create(mapEl, { tiles: o.tiles, attribution: o.attribution, label: t('map'), sourcesLabel: t('sources') });
    const map = view.map;
    let dots = null; // the region's sites, shown until the first search
    const layers = { hex: null, reach: null, origin: null, sites: L.layerGroup().addTo(map) };
    const markers = {}; // site id -> marker
    let legend = null; // the minute bands' key
    map.on('click', (e) => setOrigin({ lat: e.latlng.lat, lng: e.latlng.lng, nameKey: 'pickedOnMap', picked: true, keepView: true }));
    if (window.ResizeObserver) new ResizeObserver(() => map.invalidateSize()).observe(mapEl);

    setLang(state.lang);
    start();

    // ---- starting up
    async function start() {
      try {
        const region = await api.get('/v1/region', { crs: o.crs, district: o.district });
        state.region = region.region;
        view.base(region);
      } catch (err) {
        return fail(err);
      }
      // Home and workplace, each as a point or as text to look up.
      const wanted = [];
      if (o.lat != null && o.lng != null) {
        state.origin = pointOrigin(o.lat, o.lng, 'givenPoint');
      } else if (o.address) {
        address.value = o.address;
        wanted.push(lookUp(o.address, 'home'));
      }
      if (o.workLat != null && o.workLng != null) {
        state.work = pointOrigin(o.workLat, o.workLng, 'givenPoint');
      } else if (o.workplace) {
        workplace.value = o.workplace;
        wanted.push(lookUp(o.workplace, 'work'));
      }
      if (!state.origin && !state.work && !wanted.length) {
        showStatus(t('idle', { minutes: state.minutes }));
        loadDots();
        return;
      }
      if (wanted.length) busy();
      if ((await Promise.all(wanted)).every(Boolean)) {
        for (const x of [state.origin, state.work]) if (x && !x.name) nameOrigin(x);
        run();
      }
    }

    function pointOrigin(lat, lng, nameKey) {
      return { lat: round6(lat), lng: round6(lng), nameKey: nameKey, picked: true, text: '' };
    }

    // loadDots shows where the training sites are before any search.
    async function loadDots() {
      const params = { crs: o.crs, district: o.district, limit: 100 };
      try {
        const first = await api.get('/v1/sites', params);
        const pages = [first];
        const rest = [];
        for (let off = 100; off < first.total; off += 100) rest.push(api.get('/v1/sites', Object.assign({}, params, { offset: off })));
        pages.push.apply(pages, await Promise.all(rest));
        if (state.search) return;
        dots = L.layerGroup();
        for (const page of pages) {
          for (const s of page.sites) {
            dots.addLayer(L.circleMarker([s.lat, s.lng], { radius: 4, className: 'sc-dot', bubblingMouseEvents: false })
              .bindTooltip(s.name + ' · ' + t('siteCourses', { n: s.courses })));
          }
        }
        dots.addTo(map);
      } catch (err) {
        // The dots are a courtesy; a search still works without them.
      }
    }

    // ---- choosing a starting point
    // submit looks up what was typed in either box (unless it is what
    // the current starting point was found from), then searches.
    async function submit() {
      const texts = { home: address.value.trim(), work: workplace.value.trim() };
      const current = { home: state.origin, work: state.work };
      const wanted = [];
      for (const role of ['home', 'work']) {
        if (texts[role] && (!current[role] || current[role].text !== texts[role])) wanted.push(lookUp(texts[role], role));
        // A box emptied drops its starting point (unless it was picked on the map).
        if (!texts[role] && current[role] && current[role].text) setRole(role, null);
      }
      if (wanted.length) {
        hideCandidates();
        busy();
        if (!(await Promise.all(wanted)).every(Boolean)) return;
      }
      if (state.origin || state.work) return run();
      showStatus(t('idle', { minutes: state.minutes }));
      address.focus();
    }

    function setRole(role, origin) {
      if (role === 'work') state.work = origin;
      else state.origin = origin;
    }

    // lookUp finds a typed place for a role; on failure it clears the last
    // results and says why, and returns false.
    async function lookUp(text, role) {
      let res;
      try {
        res = await api.get('/v1/geocode', { q: text, crs: o.crs, district: o.district });
      } catch (err) {
        // The results on screen were for the previous starting point:
        // under a message about this one they would read as its answer.
        clearResults();
        if (err.code === 'not_found') fail(null, await notFoundMessage(text, err));
        else if (err.code === 'no_such_endpoint') fail(null, t('geocodeUnavailable'));
        else fail(err);
        return false;
      }
      const found = (c) => ({ lat: round6(c.lat), lng: round6(c.lng), name: c.name, approximate: c.approximate, text: text });
      setRole(role, found(res.result));
      offerCandidates(res, role, found);
      return true;
    }

    // geocode looks up the home box's text and searches (the way the page
    // has always searched from one typed place).
    async function geocode(text) {
      hideCandidates();
      busy();
      if (await lookUp(text, 'home')) run();
    }

    // offerCandidates lists the other places an ambiguous text may mean.
    function offerCandidates(res, role, found) {
      const pick = (c) => {
        setRole(role, found(c));
        run();
      };
      const others = (res.candidates || []).filter((c) => c.name !== res.result.name || c.lat !== res.result.lat);
      if (res.ambiguous && others.length) {
        SC.dom.clear(candidates);
        candidates.appendChild(h('span', { class: 'sc-label', text: t('didYouMean') }));
        const ul = h('ul', {});
        for (const c of others.slice(0, 5)) {
          const where = [c.district && c.district.name, c.township && c.township.name].filter(Boolean).join(' ');
          ul.appendChild(h('li', {}, h('button', {
            type: 'button', class: 'sc-link',
            onclick: () => {
              hideCandidates();
              pick(c);
            }
          }, c.name + (where ? ' · ' + where : ''))));
        }
        candidates.appendChild(ul);
        candidates.hidden = false;
      }
    }

    // notFoundMessage says why a text found no place: outside the region
    // (the API's message says so: it names what the text named), in
    // another district than the widget's, or simply unknown.
    async function notFoundMessage(text, err) {
      const r = state.region || {};
      const region = (state.lang === 'en' ? r.name_en : r.name) || r.name || '';
      if (/ is outside /.test(err.message || '')) return t('notFoundOutside', { q: text, region: region });
      if (!o.district) return t('notFound', { q: text });
      const district = (state.region && state.region.district && state.region.district.name) || o.district;
      try {
        const elsewhere = await api.get('/v1/geocode', { q: text, crs: o.crs });
        const d = elsewhere.result && elsewhere.result.district;
        if (d && d.code !== o.district) return t('notFoundElsewhere', { q: text, where: d.name, district: district });
      } catch (e) {
        // Unknown in the whole region too: say it plainly below.
      }
      return t('notFoundInDistrict', { q: text, district: district });
    }

    // clearResults takes away the last search's list, markers and area.
    function clearResults() {
      if (state.ctrl) state.ctrl.abort();
      state.ctrl = null;
      state.search = null;
      state.hits = [];
      state.sites = [];
      state.selected = null;
      SC.dom.clear(list);
      SC.dom.clear(spelling);
      spelling.hidden = true;
      siteLink.hidden = true;
      nearest.hidden = true;
      more.hidden = true;
      layers.sites.clearLayers();
      for (const k of Object.keys(markers)) delete markers[k];
      for (const k of ['hex', 'reach', 'origin', 'bands']) {
        if (layers[k]) map.removeLayer(layers[k]);
        layers[k] = null;
      }
      if (legend) {
        legend.remove();
        legend = null;
      }
    }

    function hideCandidates() {
      candidates.hidden = true;
      SC.dom.clear(candidates);
    }

    function locate() {
      if (!navigator.geolocation) return fail(null, t('locateDenied', { reason: 'geolocation' }));
      showStatus(t('locating'));
      navigator.geolocation.getCurrentPosition(async (pos) => {
        let p = { lat: pos.coords.latitude, lng: pos.coords.longitude };
        try {
          // Browsers give WGS-84; the map may be drawn in GCJ-02 or BD-09.
          if (o.crs !== 'wgs84') p = await api.get('/v1/convert', { lat: p.lat, lng: p.lng, from: 'wgs84', to: o.crs });
        } catch (err) {
          return fail(err);
        }
        setOrigin({ lat: p.lat, lng: p.lng, nameKey: 'myLocation', picked: true });
      }, (err) => fail(null, t('locateDenied', { reason: err.message || err.code })), { enableHighAccuracy: true, timeout: 15000 });
    }

    function fromMapCentre() {
      const c = map.getCenter();
      setOrigin({ lat: c.lat, lng: c.lng, nameKey: 'pickedOnMap', picked: true, keepView: true });
    }

    // originName names the starting point in the current language.
    function originName(origin) {
      origin = origin || state.origin || state.work;
      const name = origin.name || t(origin.nameKey || 'givenPoint');
      return origin.near ? t('near', { name: name, place: origin.near }) : name;
    }

    // nameOrigin asks /v1/reverse which township a point without a name
    // is in, and says so once the answer comes.
    async function nameOrigin(origin) {
      try {
        const r = await api.get('/v1/reverse', { lat: origin.lat, lng: origin.lng, crs: o.crs });
        if ((state.origin !== origin && state.work !== origin) || !r.township || !r.township.name) return;
        origin.near = (r.district && r.district.name ? r.district.name : '') + r.township.name;
        if (state.search && !state.ctrl) renderStatus();
        labelOrigins();
      } catch (err) {
        // A point without a name is still a starting point.
      }
    }

    // setOrigin sets a starting point picked on the map, from the
    // browser's location or from a link: home, or the workplace when the
    // map is set to pick it (role), and searches.
    function setOrigin(origin, role) {
      origin.lat = round6(origin.lat);
      origin.lng = round6(origin.lng);
      if (origin.picked) {
        hideCandidates();
        origin.text = '';
      }
      setRole(role || state.mapRole, origin);
      if (!origin.name) nameOrigin(origin);
      run();
    }

    function rerun() {
      if (state.origin || state.work) run();
    }

    // origins are the starting points set, each with its role.
    function origins() {
      const out = [];
      if (state.origin) out.push({ role: 'home', at: state.origin });
      if (state.work) out.push({ role: 'work', at: state.work });
      return out;
    }

    // ---- searching
    // showAlong offers 顺路 when there are a home and a workplace.
    function showAlong() {
      const both = !!(state.origin && state.work);
      alongField.hidden = !both;
      fitField.hidden = !both || !!state.along;
      alongField.querySelector('.sc-detour').hidden = !(both && state.along);
      app.classList.toggle('sc-along-on', both && !!state.along);
    }

    function alongOn() {
      return !!(state.along && state.origin && state.work);
    }

    // searchParams asks from the one starting point (lat, lng), or from
    // home and workplace together (home_lat... work_lng).
    function searchParams(offset) {
      const p = {
        crs: o.crs, mode: state.mode, minutes: state.minutes,
        q: query.value.trim(), family: family.value, level: level.value, schedule: schedule.value,
        free: free.checked ? 'true' : '', seats_left: seats.checked ? 1 : '', district: o.district,
        include_sites: 'true', limit: pageSize, offset: offset || ''
      };
      const from = origins();
      if (from.length === 1) {
        p.lat = from[0].at.lat;
        p.lng = from[0].at.lng;
      } else {
        for (const x of from) {
          p[x.role + '_lat'] = x.at.lat;
          p[x.role + '_lng'] = x.at.lng;
        }
      }
      if (alongOn()) {
        p.along = 'commute';
        p.detour = state.detour;
      } else if (from.length > 1 && fitSchedule.checked) {
        p.fit_schedule = 'true';
      }
      return p;
    }

    async function run() {
      if (state.ctrl) state.ctrl.abort();
      const ctrl = new AbortController();
      state.ctrl = ctrl;
      busy();
      const params = searchParams(0);
      const from = origins();
      if (!from.length) return;
      showAlong();
      if (params.along) return runAlong(params, ctrl);
      const reach = (x, minutes, cells) => api.get('/v1/isochrone',
        { lat: x.at.lat, lng: x.at.lng, crs: o.crs, mode: params.mode, minutes: minutes, cells: cells ? 'true' : '' }, ctrl.signal);
      let isos, res;
      try {
        [res, ...isos] = await Promise.all([api.get('/v1/search', params, ctrl.signal)].concat(from.map((x) => reach(x, params.minutes, true))));
        if (ctrl !== state.ctrl) return;
        if (res.widened && res.minutes !== params.minutes) {
          // Nothing within the time asked for: the server looked further,
          // and the hexagons follow it.
          isos = await Promise.all(from.map((x) => reach(x, res.minutes, true)));
        }
      } catch (err) {
        if (err.name === 'AbortError') return;
        return fail(err);
      }
      if (ctrl !== state.ctrl) return;
      // The inner minute bands (5 and 10 of 15 minutes...), outlines only,
      // for one starting point: with two, the two areas are the picture.
      const bandMinutes = from.length === 1 ? bandsFor(res.minutes || params.minutes) : [];
      let bands;
      try {
        bands = await Promise.all(bandMinutes.map((m) => reach(from[0], m, false)));
      } catch (err) {
        if (err.name === 'AbortError') return;
        bands = []; // the bands are a courtesy: the reach itself is drawn
      }
      if (ctrl !== state.ctrl) return;
      take(res);
      drawReach(from.map((x, i) => ({ role: x.role, at: x.at, iso: isos[i] })), bands.map((b, i) => ({ minutes: bandMinutes[i], iso: b })), res.minutes || params.minutes);
      drawSites();
      renderList();
      results.scrollTop = 0;
      if (!body.contains(document.activeElement) || !list.contains(document.activeElement)) list.scrollTop = 0;
      fit();
      keepURL(true);
      if (res.total === 0) findNearest(params, ctrl);
      state.runs += 1;
      app.setAttribute('data-runs', String(state.runs));
      // How long the first answer took from the page's start: the browser
      // tests log it.
      if (state.runs === 1 && window.performance) app.setAttribute('data-first-ms', String(Math.round(performance.now())));
      app.setAttribute('data-state', 'ready');
    }

    // take makes a search's answer the page's: its hits and sites, the
    // first page, nothing chosen, the sites' grey dots gone.
    function take(res) {
      state.ctrl = null;
      state.search = res;
      state.hits = res.hits.slice();
      state.sites = res.sites || [];
      state.offset = res.hits.length;
      state.selected = null;
      if (dots) {
        map.removeLayer(dots);
        dots = null;
      }
    }

    // runAlong is the search along the way home: the sites on the way and
    // the corridor between the two pins instead of reachable areas.
    async function runAlong(params, ctrl) {
      let res;
      try {
        res = await api.get('/v1/search', params, ctrl.signal);
      } catch (err) {
        if (err.name === 'AbortError') return;
        return fail(err);
      }
      if (ctrl !== state.ctrl) return;
      take(res);
      drawReach(origins().map((x) => ({ role: x.role, at: x.at, iso: { type: 'FeatureCollection', features: [] } })), [], state.minutes);
      drawCorridor(res);
      drawSites();
      renderList();
      results.scrollTop = 0;
      fit();
      keepURL(true);
      state.runs += 1;
      app.setAttribute('data-runs', String(state.runs));
      app.setAttribute('data-state', 'ready');
    }

    // drawCorridor draws the trip home (a dashed line from the workplace
    // to home) with its key: the sites on the way are the markers.
    function drawCorridor(res) {
      const line = L.polyline([[state.work.lat, state.work.lng], [state.origin.lat, state.origin.lng]],
        { className: 'sc-corridor', weight: 3, dashArray: '10 6', interactive: false });
      layers.reach.addLayer(line);
      if (legend) {
        const el = legend.getContainer();
        SC.dom.clear(el);
        el.setAttribute('data-roles', 'commute');
        el.setAttribute('data-bands', '');
        el.appendChild(h('span', { class: 'sc-legend-item' }, [h('span', { class: 'sc-swatch sc-swatch-corridor', 'aria-hidden': 'true' }),
          t('corridorKey', { detour: res.along ? res.along.detour_minutes : state.detour, minutes: res.along ? Math.round(res.along.work_to_home_minutes) : '' })]));
      }
    }

    // findNearest looks further when nothing is in reach: the same search
    // at longer times, up to the hour, and offers the nearest course found.
    async function findNearest(params, ctrl) {
      for (const minutes of [15, 30, 45, 60].filter((m) => m > (state.search.minutes || params.minutes))) {
        let res;
        try {
          res = await api.get('/v1/search', Object.assign({}, params, { minutes: minutes, limit: 1, sort: 'travel', include_sites: '' }));
        } catch (err) {
          return;
        }
        if (state.search === null || ctrl.signal.aborted || state.ctrl) return;
        if (!res.hits.length) continue;
        const hit = res.hits[0];
        SC.dom.clear(nearest);
        nearest.appendChild(document.createTextNode(t('nearest', {
          title: hit.course.title, site: hit.site ? hit.site.name : '', mode: i18n.label(state.lang, 'mode', state.mode),
          minutes: Math.max(1, Math.ceil(hit.travel_minutes))
        }) + ' '));
        nearest.appendChild(h('button', {
          type: 'button', class: 'sc-link', onclick: () => {
            state.minutes = minutes;
            minutesGroup.set(minutes);
            run();
          }
        }, t('nearestShow', { minutes: minutes })));
        nearest.hidden = false;
        return;
      }
      SC.dom.clear(nearest);
      nearest.appendChild(document.createTextNode(t('nearestNone', { mode: i18n.label(state.lang, 'mode', state.mode) })));
      nearest.hidden = false;
    }

    async function loadMore() {
      if (!state.search) return;
      more.disabled = true;
      try {
        const res = await api.get('/v1/search', searchParams(state.offset));
        state.hits = state.hits.concat(res.hits);
        state.offset += res.hits.length;
        renderList();
      } catch (err) {
        fail(err);
      } finally {
        more.disabled = false;
      }
    }

    const suggestTimers = new Map();
    // suggest fills a box's list of completions from /v1/suggest (trades
    // and titles for the course box, places for the starting point); a
    // server without it is asked once.
    function suggest(input, datalist, kinds) {
      if (state.suggest === false) return;
      clearTimeout(suggestTimers.get(input));
      suggestTimers.set(input, setTimeout(async () => {
        const text = input.value.trim();
        if (!text || Array.from(text).length > 30) return;
        try {
          const res = await api.get('/v1/suggest', { q: text, limit: 20 });
          state.suggest = true;
          SC.dom.clear(datalist);
          for (const s of (res.suggestions || []).filter((x) => kinds.indexOf(x.kind) >= 0).slice(0, 8)) {
            datalist.appendChild(h('option', { value: s.text }));
          }
        } catch (err) {
          if (err.status === 404) state.suggest = false;
        }
      }, 200));
    }

    // ---- drawing
    // drawReach draws the reachable cells, the outline of the whole reach
    // and, inside it, the outlines of the shorter bands (dashed, each a
    // little darker: told apart by line as well as by shade).
    function drawReach(reaches, bands, minutes) {
      for (const k of ['hex', 'reach', 'origin', 'bands']) {
        if (layers[k]) map.removeLayer(layers[k]);
      }
      layers.bands = L.layerGroup();
      bands.forEach((b, i) => {
        L.geoJSON(b.iso, {
          filter: (f) => f.geometry.type === 'MultiPolygon',
          style: () => ({ className: 'sc-band sc-band-' + i, weight: 1.6, dashArray: i === 0 ? '2 4' : '7 5', fillOpacity: 0.14 }),
          interactive: false
        }).eachLayer((l) => {
          l.feature.properties.band = b.minutes;
          layers.bands.addLayer(l);
        });
      });
      drawLegend(bands.map((b) => b.minutes), minutes, reaches.length > 1 ? reaches.map((r) => r.role) : null);
      // With home and workplace, each area is drawn in its own colour and
      // outline (the workplace's dashed), each pin with its word: told apart
      // without colour too.
      const two = reaches.length > 1;
      // On the map before their layers: a marker has its element only there.
      layers.hex = L.featureGroup().addTo(map);
      layers.reach = L.featureGroup().addTo(map);
      layers.bands.addTo(map);
      layers.origin = L.featureGroup().addTo(map);
      for (const r of reaches) {
        const work = two && r.role === 'work' ? ' sc-work' : '';
        L.geoJSON(r.iso, {
          filter: (f) => f.properties && f.properties.h3,
          style: () => ({ className: 'sc-hex' + work, weight: 0.6 }),
          interactive: false
        }).addTo(layers.hex);
        L.geoJSON(r.iso, {
          filter: (f) => f.geometry.type === 'MultiPolygon' && f.properties && f.properties.h3 == null,
          style: () => ({ className: 'sc-reach' + work, weight: 2.2, fill: false, dashArray: work ? '9 4 2 4' : null }),
          interactive: false
        }).addTo(layers.reach);
        const pin = L.marker([r.at.lat, r.at.lng], {
          icon: L.divIcon({
            className: 'sc-origin' + (r.role === 'work' ? ' sc-origin-work' : ''),
            html: h('span', { 'aria-hidden': 'true' }, two ? h('b', { text: t(r.role === 'work' ? 'pinWork' : 'pinHome') }) : null),
            iconSize: [30, 34], iconAnchor: [15, 31]
          }),
          keyboard: false, interactive: false, zIndexOffset: 2000
        }).addTo(layers.origin);
        const el = pin.getElement();
        el.setAttribute('data-lat', r.at.lat);
        el.setAttribute('data-lng', r.at.lng);
        el.setAttribute('data-role', r.role);
        el.setAttribute('role', 'img');
        pin.role = r.role;
        pin.at = r.at;
      }
      labelOrigins();
    }

    // labelOrigins names the pins for screen readers, in the language.
    function labelOrigins() {
      if (!layers.origin) return;
      layers.origin.eachLayer((pin) => {
        const el = pin.getElement();
        if (el) el.setAttribute('aria-label', t(pin.role === 'work' ? 'workMarker' : 'originMarker') + ': ' + originName(pin.at));
      });
    }

    // drawLegend says what the lines on the map mean, in minutes.
    function drawLegend(inner, minutes, roles) {
      if (!legend) {
        legend = L.control({ position: 'bottomleft' });
        legend.onAdd = () => h('div', { class: 'sc-legend-bands' });
        legend.addTo(map);
      }
      const el = legend.getContainer();
      SC.dom.clear(el);
      el.setAttribute('data-bands', inner.concat([minutes]).join(','));
      const swatch = (cls) => h('span', { class: 'sc-swatch ' + cls, 'aria-hidden': 'true' });
      inner.forEach((m, i) => el.appendChild(h('span', { class: 'sc-legend-item' }, [swatch('sc-swatch-' + Math.min(i, 1)), t('minutesValue', { n: m })])));
      if (roles) {
        // Home and workplace: which outline is which.
        el.setAttribute('data-roles', roles.join(','));
        for (const role of roles) {
          el.appendChild(h('span', { class: 'sc-legend-item' }, [swatch(role === 'work' ? 'sc-swatch-work' : 'sc-swatch-reach'),
            t(role === 'work' ? 'roleWork' : 'roleHome') + ' ' + t('minutesValue', { n: minutes })]));
        }
        return;
      }
      el.removeAttribute('data-roles');
      el.appendChild(h('span', { class: 'sc-legend-item' }, [swatch('sc-swatch-reach'), t('minutesValue', { n: minutes })]));
    }

    function drawSites() {
      layers.sites.clearLayers();
      for (const k of Object.keys(markers)) delete markers[k];
      for (const s of state.sites) {
        const site = s.site;
        const m = L.marker([site.lat, site.lng], {
          icon: L.divIcon({ className: 'sc-site', html: h('span', { text: String(s.courses) }), iconSize: [30, 30] }),
          keyboard: true, riseOnHover: true
        });
        m.on('click', () => selectSite(site.id, true));
        m.on('keypress', (e) => {
          if (e.originalEvent.key === 'Enter' || e.originalEvent.key === ' ') selectSite(site.id, true);
        });
        m.bindTooltip('', { direction: 'top', offset: [0, -14] });
        layers.sites.addLayer(m);
        const el = m.getElement();
        el.setAttribute('data-site-id', site.id);
        el.setAttribute('data-lat', site.lat);
        el.setAttribute('data-lng', site.lng);
        el.setAttribute('data-courses', s.courses);
        markers[site.id] = m;
      }
      labelSites();
    }

    // labelSites (re)writes the markers' names for screen readers and
    // tooltips, in the current language.
    function labelSites() {
      for (const s of state.sites) {
        const m = markers[s.site.id];
        if (!m) continue;
        const text = t('siteMarker', {
          site: s.site.name, n: s.courses, minutes: Math.max(1, Math.ceil(s.travel_minutes)),
          mode: i18n.label(state.lang, 'mode', state.mode)
        });
        m.getElement().setAttribute('aria-label', text);
        m.setTooltipContent(text);
      }
    }

    // fit shows the reachable area and its sites. A point picked on the
    // map keeps the view when everything is in it already: the map does
    // not jump away from where the person just clicked.
    function fit() {
      let bounds = layers.reach ? layers.reach.getBounds() : null;
      if (bounds && !bounds.isValid()) bounds = null;
      const points = state.sites.map((s) => [s.site.lat, s.site.lng]).concat(origins().map((x) => [x.at.lat, x.at.lng]));
      for (const p of points) {
        const ll = L.latLng(p[0], p[1]);
        bounds = bounds ? bounds.extend(ll) : L.latLngBounds(ll, ll);
      }
      const last = state.mapRole === 'work' && state.work ? state.work : (state.origin || state.work);
      if (last && last.keepView && map.getBounds().contains(bounds)) return;
      map.fitBounds(bounds, { padding: [16, 16], maxZoom: 16, animate: false });
    }

    function renderList() {
      SC.dom.clear(list);
      siteLink.hidden = true;
      nearest.hidden = true;
      const res = state.search;
      if (!res) return;
      renderStatus();
      for (const hit of state.hits) list.appendChild(courseItem(hit));
      more.hidden = state.hits.length >= res.total;
      if (state.selected) highlight(state.selected);
    }

    // renderStatus says where the search started and what it found.
    function renderStatus() {
      const res = state.search;
      const mode = i18n.label(state.lang, 'mode', state.mode);
      const minutes = res.minutes || state.minutes;
      const parts = [];
      const from = origins();
      if (from.length > 1) {
        parts.push(t('fromBoth', { home: originName(state.origin), work: originName(state.work) }));
      } else {
        parts.push(t(from[0].role === 'work' ? 'fromWork' : 'from', { name: originName(from[0].at) }) + (from[0].at.approximate ? t('approximate') : ''));
      }
      if (res.widened) parts.push(t('widened', { from: res.widened.from_minutes, to: res.widened.to_minutes }));
      widenedNote.hidden = !res.widened;
      widenedNote.textContent = res.widened ? t('widenedChip', { to: res.widened.to_minutes }) : '';
      if (res.along) {
        parts.push(t(res.reachable > 0 ? 'foundAlong' : 'foundAlongNone', { mode: mode, detour: res.along.detour_minutes,
          trip: Math.round(res.along.work_to_home_minutes), sites: res.reachable_sites, courses: res.reachable }));
      } else if (res.reachable > 0) {
        parts.push(t('found', { mode: mode, minutes: minutes, sites: res.reachable_sites, courses: res.reachable }));
        if (res.reachable > state.hits.length) {
          parts.push(t('showing', { n: state.hits.length, sort: t(res.sort === 'relevance' ? 'sortRelevance' : 'sortTravel') }));
        }
      } else {
        // "Fewer filters" is no advice when there are none.
        const filtered = query.value.trim() || family.value || level.value || schedule.value || free.checked || seats.checked;
        parts.push(t(filtered ? 'foundNone' : 'foundNoneNoFilters', { mode: mode, minutes: state.minutes }));
      }
      showStatus(parts.join(' '));
      SC.dom.clear(spelling);
      const corrected = res.understood && res.understood.corrected;
      spelling.hidden = !res.did_you_mean && !corrected;
      if (corrected && !res.did_you_mean) {
        // The search read a slip as the word it sounds like, and says so.
        spelling.appendChild(document.createTextNode(t('corrected', { q: corrected, typed: res.understood.text })));
      }
      if (res.did_you_mean) {
        spelling.appendChild(document.createTextNode(t('spelling') + ' '));
        spelling.appendChild(h('button', {
          type: 'button', class: 'sc-link',
          onclick: () => {
            query.value = res.did_you_mean;
            run();
          }
        }, res.did_you_mean));
      }
    }

    function courseItem(hit) {
      const c = hit.course;
      const lang = state.lang;
      const facts = [];
      if (hit.travel_minutes != null) {
        // With home and workplace, each hit says from which.
        const vars = { mode: i18n.label(lang, 'mode', state.mode), minutes: Math.max(1, Math.ceil(hit.travel_minutes)) };
        let label = hit.origin ? t(hit.origin === 'work' ? 'travelFromWork' : 'travelFromHome', vars) : t('travel', vars);
        if (hit.detour_minutes != null) {
          label = t('travelAlong', { detour: Math.ceil(hit.detour_minutes), fromWork: Math.max(1, Math.ceil(hit.minutes_from_work)), toHome: Math.max(1, Math.ceil(hit.minutes_to_home)) });
        }
        facts.push(h('span', { class: 'sc-time', 'data-origin': hit.origin || null, 'data-detour': hit.detour_minutes != null ? hit.detour_minutes : null }, label));
      }
      facts.push(h('span', { class: 'sc-level' }, i18n.label(lang, 'level', c.level, c.level_label)));
      facts.push(h('span', { class: 'sc-schedule' }, i18n.label(lang, 'schedule', c.schedule, c.schedule_label)));
      facts.push(h('span', { class: 'sc-start' }, t('starts', { date: c.start_date, sessions: c.sessions })));
      let fee = c.fee_cny > 0 ? t('fee', { fee: formatFee(c.fee_cny) }) : t('free');
      if (c.subsidy !== 'none' && c.fee_cny > 0) fee += ' · ' + i18n.label(lang, 'subsidy', c.subsidy, c.subsidy_label);
      const seatsLeft = c.seats_left > 0 ? t('seatsLeft', { n: c.seats_left }) : t('full');
      const title = h('button', { type: 'button', class: 'sc-course-title', onclick: () => selectCourse(c.id, hit.site && hit.site.id) }, [
        c.title, h('span', { class: 'sc-visually-hidden', text: t('showOnMap') })
      ]);
      const where = [hit.institution.short_name || hit.institution.name, hit.site && hit.site.name].filter(Boolean);
      return h('li', {
        class: 'sc-course', 'data-course-id': c.id, 'data-site-id': hit.site ? hit.site.id : null
      }, [
        h('h3', { class: 'sc-course-heading' }, title),
        h('p', { class: 'sc-where' }, unique(where).join(' · ')),
        h('p', { class: 'sc-facts' }, facts),
        h('p', { class: 'sc-facts sc-facts-2' }, [
          h('span', { class: 'sc-fee' }, fee),
          h('span', { class: 'sc-seats' + (c.seats_left > 0 ? '' : ' sc-full') }, seatsLeft),
          h('a', {
            class: 'sc-details', href: detailHref('/courses/' + encodeURIComponent(c.id)), target: o.compact ? '_blank' : null,
            rel: o.compact ? 'noopener' : null, 'aria-label': t('detailsLabel', { title: c.title })
          }, t('details')),
          h('a', {
            class: 'sc-register', href: safeURL(c.registration_url), target: '_blank', rel: 'noopener noreferrer',
            'aria-label': t('registerLabel', { title: c.title })
          }, t('register'))
        ])
      ]);
    }

    // detailHref links a course's or a site's own page, carrying the
    // search's starting point (for directions and the way back).
    function detailHref(path) {
      const p = { lang: state.lang === 'en' ? 'en' : '', mode: state.mode };
      if (state.origin) {
        p.lat = state.origin.lat;
        p.lng = state.origin.lng;
        p.crs = o.crs === 'wgs84' ? '' : o.crs;
      }
      return api.href(path, p);
    }

    // ---- choosing a course or a site highlights the other
    function selectCourse(courseID, siteID) {
      state.selected = { course: courseID, site: siteID };
      highlight(state.selected);
      // On a phone the map is above the list, out of sight: bring it in.
      const box = mapEl.getBoundingClientRect();
      if (box.bottom < 0 || box.top > window.innerHeight) mapEl.scrollIntoView({ block: 'start' });
      const m = siteID && markers[siteID];
      if (m) {
        if (!map.getBounds().contains(m.getLatLng())) map.panTo(m.getLatLng(), { animate: false });
        m.openTooltip();
      }
    }

    function selectSite(siteID, announce) {
      state.selected = { site: siteID };
      const shown = highlight(state.selected);
      const s = state.sites.find((x) => x.site.id === siteID);
      if (shown.length) shown[0].scrollIntoView({ block: 'nearest' });
      if (announce && s) {
        showStatus(t(shown.length ? 'siteSelected' : 'siteSelectedNone', { site: s.site.name, n: s.courses, shown: shown.length }));
        // Every course there, on the site's own page.
        SC.dom.clear(siteLink);
        siteLink.appendChild(h('a', {
          href: detailHref('/sites/' + encodeURIComponent(siteID)), target: o.compact ? '_blank' : null, rel: o.compact ? 'noopener' : null
        }, t('siteAll', { site: s.site.name, n: s.courses })));
        siteLink.hidden = false;
      }
    }

    // highlight marks the selected course (or every listed course at the
    // selected site) and the site's marker; it returns the marked items.
    function highlight(sel) {
      for (const el of list.querySelectorAll('.sc-active')) {
        el.classList.remove('sc-active');
        el.removeAttribute('aria-current');
      }
      for (const id of Object.keys(markers)) {
        const el = markers[id].getElement();
        if (el) {
          el.classList.toggle('sc-active', id === sel.site);
          if (id === sel.site) markers[id].setZIndexOffset(1000);
          else markers[id].setZIndexOffset(0);
        }
      }
      const items = Array.from(list.children).filter((li) => sel.course
        ? li.getAttribute('data-course-id') === sel.course
        : li.getAttribute('data-site-id') === sel.site);
      for (const li of items) {
        li.classList.add('sc-active');
        li.setAttribute('aria-current', 'true');
      }
      return items;
    }

    // ---- language
    function setLang(lang) {
      state.lang = lang === 'en' ? 'en' : 'zh';
      app.setAttribute('lang', state.lang === 'en' ? 'en' : 'zh-CN');
      for (const [el, key, attr] of texts) {
        if (attr) el.setAttribute(attr, t(key));
        else el.textContent = t(key);
      }
      langButton.textContent = t('switchLang');
      langButton.setAttribute('aria-label', t('switchLangLabel'));
      langButton.setAttribute('lang', state.lang === 'en' ? 'zh-CN' : 'en');
      modeGroup.relabel();
      minutesGroup.relabel();
      roleGroup.relabel();
      alongGroup.relabel();
      detourGroup.relabel();
      notice.textContent = i18n.ignored(state.lang, o.ignored);
      const sources = mapEl.querySelector('.leaflet-control-attribution summary');
      if (sources) sources.textContent = t('sources');
      for (const sel of [family, level, schedule]) relabelSelect(sel);
      if (state.search) {
        renderList();
        labelSites();
        labelOrigins();
      } else if (app.getAttribute('data-state') === 'idle') {
        showStatus(t('idle', { minutes: state.minutes }));
      }
      if (o.urlState) keepURL(false);
    }

    // ---- status
    function busy() {
      app.setAttribute('data-state', 'loading');
      app.setAttribute('aria-busy', 'true');
      showStatus(t('loading'));
    }

    function showStatus(text, isError) {
      app.removeAttribute('aria-busy');
      status.textContent = text;
      status.classList.toggle('sc-error', !!isError);
    }

    function fail(err, message) {
      if (err && err.name === 'AbortError') return;
      let text = message;
      if (!text) text = err.code === 'network' ? t('network') : t('apiError', { message: err.message });
      app.setAttribute('data-state', 'error');
      showStatus(text, true);
    }

    // keepURL keeps the address bar in step, so that a search can be
    // bookmarked or shared; the server reads the same names back. A new
    // starting point is a new entry in the history (Back returns to the
    // last one); a change of filters replaces the entry.
    function keepURL(mayPush) {
      if (!o.urlState || !window.history || !window.history.replaceState) return;
      const u = new URL(window.location.href);
      const p = {
        lang: state.lang === 'zh' ? '' : state.lang, mode: state.mode, minutes: state.minutes,
        q: query.value.trim(), family: family.value, level: level.value, schedule: schedule.value,
        free: free.checked ? 'true' : '', seats: seats.checked ? 'true' : '', region: o.region || ''
      };
      // Each end as the text it was found from, or as its point.
      for (const [at, text, lat, lng] of [[state.origin, 'address', 'lat', 'lng'], [state.work, 'workplace', 'work_lat', 'work_lng']]) {
        if (!at) continue;
        if (at.text) {
          p[text] = at.text;
        } else {
          p[lat] = at.lat;
          p[lng] = at.lng;
        }
      }
      if (alongOn()) {
        p.along = 'commute';
        p.detour = state.detour;
      } else if (state.origin && state.work && fitSchedule.checked) {
        p.fit_schedule = 'true';
      }
      for (const k of ['region', 'fit_schedule', 'lang', 'mode', 'minutes', 'q', 'family', 'level', 'schedule', 'free', 'seats', 'address', 'lat', 'lng', 'workplace', 'work_lat', 'work_lng', 'along', 'detour']) {
        if (p[k] === undefined || p[k] === '' || p[k] === null) u.searchParams.delete(k);
        else u.searchParams.set(k, String(p[k]));
      }
      const where = [p.address || (p.lat != null ? p.lat + ',' + p.lng : ''), p.workplace || (p.work_lat != null ? p.work_lat + ',' + p.work_lng : '')].join('|');
      if (mayPush && !state.restoring && state.keptWhere != null && where !== state.keptWhere) {
        window.history.pushState(null, '', u.toString());
      } else {
        window.history.replaceState(null, '', u.toString());
      }
      state.keptWhere = where;
      state.restoring = false;
    }

    // Back and Forward: the search the entry holds, read from its URL.
    if (o.urlState) {
      window.addEventListener('popstate', () => {
        const q = new URL(window.location.href).searchParams;
        state.restoring = true;
        state.mode = modes.indexOf(q.get('mode')) >= 0 ? q.get('mode') : 'walk';
        state.minutes = Math.min(60, Math.max(1, parseInt(q.get('minutes'), 10) || 15));
        modeGroup.set(state.mode);
        minutesGroup.set(state.minutes);
        state.along = q.get('along') === 'commute' ? 'commute' : '';
        state.detour = detourChoices.indexOf(Number(q.get('detour'))) >= 0 ? Number(q.get('detour')) : 10;
        alongGroup.set(state.along);
        detourGroup.set(state.detour);
        query.value = q.get('q') || '';
        family.value = q.get('family') || '';
        level.value = q.get('level') || '';
        schedule.value = q.get('schedule') || '';
        free.checked = q.get('free') === 'true';
        seats.checked = q.get('seats') === 'true';
        restore(q);
      });
    }

    // restore sets home and workplace as an entry of the history holds
    // them (a point, or text to look up), and searches.
    async function restore(q) {
      const wanted = [];
      for (const [role, box, text, lat, lng] of [['home', address, q.get('address'), q.get('lat'), q.get('lng')],
        ['work', workplace, q.get('workplace'), q.get('work_lat'), q.get('work_lng')]]) {
        box.value = text || '';
        setRole(role, null);
        if (text) wanted.push(lookUp(text, role));
        else if (!isNaN(parseFloat(lat)) && !isNaN(parseFloat(lng))) setRole(role, pointOrigin(parseFloat(lat), parseFloat(lng), 'givenPoint'));
      }
      if (!wanted.length && !state.origin && !state.work) {
        state.restoring = false;
        clearResults();
        showStatus(t('idle', { minutes: state.minutes }));
        return;
      }
      if ((await Promise.all(wanted)).every(Boolean)) {
        for (const x of [state.origin, state.work]) if (x && !x.name) nameOrigin(x);
        run();
      }
    }

    // ---- form parts
    function radioGroup(name, values, current, labelOf, onChange) {
      const groupName = SC.dom.uid(name);
      const spans = [];
      const el = h('div', { class: 'sc-chip-row' }, values.map((v) => {
        const input = h('input', { type: 'radio', name: groupName, value: String(v), checked: String(v) === String(current) || null });
        input.addEventListener('change', () => {
          if (input.checked) onChange(v);
        });
        const span = h('span', {});
        spans.push([span, v]);
        return h('label', { class: 'sc-chip' }, [input, span]);
      }));
      return {
        el: el,
        relabel: () => spans.forEach(([span, v]) => { span.textContent = labelOf(v); }),
        // set checks the value's chip (none, for a value without one).
        set: (value) => el.querySelectorAll('input').forEach((input) => { input.checked = input.value === String(value); })
      };
    }

    function select(id, kind, value) {
      const el = h('select', { id: id, class: 'sc-input', 'data-kind': kind });
      el.appendChild(h('option', { value: '' }));
      for (const code of i18n.codes(kind)) {
        if (kind === 'level' && code === 'none') continue;
        el.appendChild(h('option', { value: code, selected: code === value || null }));
      }
      return el;
    }

    function relabelSelect(el) {
      const kind = el.getAttribute('data-kind');
      for (const opt of el.options) opt.textContent = opt.value ? i18n.label(state.lang, kind, opt.value) : t('any');
    }
  };

  function normalize(opts) {
    const o = Object.assign({}, opts);
    o.lang = o.lang === 'en' ? 'en' : 'zh';
    o.mode = modes.indexOf(o.mode) >= 0 ? o.mode : 'walk';
    o.minutes = Math.min(60, Math.max(1, parseInt(o.minutes, 10) || 15));
    o.crs = ['wgs84', 'gcj02', 'bd09'].indexOf(o.crs) >= 0 ? o.crs : 'wgs84';
    const num = (v) => (v === '' || v == null || isNaN(Number(v)) ? null : Number(v));
    o.lat = num(o.lat);
    o.lng = num(o.lng);
    o.workLat = num(o.workLat);
    o.workLng = num(o.workLng);
    o.along = o.along === 'commute' ? 'commute' : '';
    o.fitSchedule = o.fitSchedule === true || o.fitSchedule === 'true';
    o.detour = detourChoices.indexOf(Number(o.detour)) >= 0 ? Number(o.detour) : 10;
    o.free = o.free === true || o.free === 'true';
    o.seats = o.seats === true || o.seats === 'true';
    o.tiles = /^https?:\/\//.test(o.tiles || '') ? o.tiles : '';
    return o;
  }

  // bandsFor are the shorter bands drawn inside a reach of minutes: every
  // 5 minutes up to 15, every 10 up to 30, every 15 beyond.
  function bandsFor(minutes) {
    const step = minutes <= 15 ? 5 : minutes <= 30 ? 10 : 15;
    const out = [];
    for (let m = step; m < minutes; m += step) out.push(m);
    return out;
  }

  function round6(x) {
    return Math.round(Number(x) * 1e6) / 1e6;
  }

  function formatFee(f) {
    return Number.isInteger(f) ? String(f) : f.toFixed(2);
  }

  function unique(xs) {
    return xs.filter((x, i) => xs.indexOf(x) === i);
  }

  // safeURL keeps registration links to http(s): a catalogue is outside input.
  function safeURL(u) {
    return /^https?:\/\//i.test(u || '') ? u : null;
  }
})();
