// SC.apps.planner: the planner page (/planner). Who lives within N minutes
// of a matching course (/v1/coverage), the uncovered cells on the map,
// where k new training points would help most (/v1/coverage/suggest) and
// how far enterprise demand is met (/v1/coverage/demand). Options (all
// optional): lang 'zh'|'en'; mode; minutes; family; level; trade;
// district (a code: count only its people); k; crs; api (the API's origin).
SC.apps.planner = (function () {
  'use strict';
  const h = SC.dom.h;
  const i18n = SC.i18n;
  const modes = ['walk', 'bike', 'ebike', 'transit', 'drive'];
  const minuteChoices = [5, 10, 15, 20, 30, 45, 60];
  // People per uncovered cell (about 0.74 km²), light to dark: the same
  // classes and colours as the printed report.
  const classes = [[1, '#fde5c8', '1–499'], [500, '#f7a872', '500–1,999'], [2000, '#e4573d', '2,000–4,999'], [5000, '#9e1b1b', '≥ 5,000']];

  const text = {
    zh: {
      title: '技能学习圈覆盖分析',
      subtitle: '谁在 N 分钟内没有合适的课程？下一个培训点放在哪里？',
      switchLang: 'English', switchLangLabel: 'Switch to English',
      print: '打印报告', controls: '分析条件',
      family: '课程类别', level: '等级', trade: '工种', tradePlaceholder: '如 焊工（可不填）',
      mode: '出行方式', minutes: '时间', minutesValue: '{n} 分钟', district: '范围', wholeCity: '全市',
      k: '建议新增点数', any: '不限',
      loading: '正在计算…', error: '出错了：{message}',
      share: '覆盖率', covered: '覆盖人口', uncovered: '未覆盖人口', seats: '每千人可达座位（2SFCA）',
      matching: '匹配课程 {courses} 门，{sites} 个培训点，{seats} 个座位；人口 {population}（{source}）。',
      sourceModel: '人口为模型估算', sourceGrid: '人口来自 {file}',
      map: '地图：{minutes} 分钟内没有匹配课程的六边形网格（颜色越深人口越多）与建议新增点。',
      legendPeople: '未覆盖 人/格', legendPin: '建议新增点',
      suggestions: '建议新增培训点', suggestNote: '从 {n} 个候选地点中逐个选出新增覆盖人口最多者（贪心最大覆盖）。',
      rank: '#', kind: '类型', place: '地点', gain: '新增覆盖', cumulative: '累计覆盖', today: '现状',
      districts: '各区县', townships: '各乡镇街道', name: '名称', population: '人口', shareCol: '覆盖率', seatsCol: '千人座位',
      demand: '企业培训需求满足情况', demandNote: '需求 {headcount} 人，可达座位按 2SFCA 分配后约可满足 {met} 人（{share}）。',
      trade2: '工种（满足最少者）', firms: '企业', headcount: '需求', met: '可满足', unreached: '不可达',
      none: '没有可建议的地点：所有人已被覆盖，或候选地点都不能增加覆盖。',
      kinds: { township: '乡镇街道中心', park: '产业园区', station: '地铁站', institution: '现有机构' },
      sources: '数据来源', mapLabel: '地图：未覆盖的六边形网格与建议新增点',
      scope: '分析条件：{what}', scopeAll: '全部课程', scopeTrade: '工种“{typed}”（按 {trades} 统计）', scopeTradeNone: '工种“{typed}”',
      noTrade: '目录中没有与“{typed}”对应的工种，因此没有匹配的课程，也不建议新增点。可以换个说法，如 焊工、电工、育婴员。',
      matchingDistrict: '{district}内的培训点有匹配课程 {courses} 门，{sites} 个培训点，{seats} 个座位（全市 {cityCourses} 门；区外可达的课程也计入覆盖）；人口 {population}（{source}）。',
      csv: '下载 CSV', csvLabel: '下载各区县和乡镇街道的覆盖情况（CSV）', geojson: '下载 GeoJSON', geojsonLabel: '下载未覆盖网格与建议新增点（GeoJSON）'
    },
    en: {
      title: 'Skill learning circle coverage',
      subtitle: 'Who has no suitable course within N minutes? Where should the next training point go?',
      switchLang: '中文', switchLangLabel: '切换到中文',
      print: 'Print report', controls: 'What to analyse',
      family: 'Course family', level: 'Level', trade: 'Trade', tradePlaceholder: 'e.g. 焊工 (optional)',
      mode: 'Travel by', minutes: 'Time', minutesValue: '{n} min', district: 'Area', wholeCity: 'Whole city',
      k: 'New points to suggest', any: 'Any',
      loading: 'Computing…', error: 'Something went wrong: {message}',
      share: 'Share covered', covered: 'People covered', uncovered: 'People not covered', seats: 'Seats within reach per 1,000 (2SFCA)',
      matching: '{courses} matching courses at {sites} sites with {seats} seats; population {population} ({source}).',
      sourceModel: 'population modelled', sourceGrid: 'population from {file}',
      map: 'Map: hexagons with no matching course within {minutes} minutes (darker: more people), and the suggested points.',
      legendPeople: 'not covered, people per cell', legendPin: 'suggested point',
      suggestions: 'Where new training points would help most', suggestNote: 'Picked one at a time from {n} candidate places, each adding the most people not yet covered (greedy maximal covering).',
      rank: '#', kind: 'Kind', place: 'Place', gain: 'Gain', cumulative: 'Covered', today: 'today',
      districts: 'By district', townships: 'By township', name: 'Name', population: 'Population', shareCol: 'Share', seatsCol: 'Seats/1,000',
      demand: 'Enterprise demand against the seats within reach', demandNote: 'Demand for {headcount} people; the seats within reach, shared 2SFCA-style, can train about {met} ({share}).',
      trade2: 'Trade (least met first)', firms: 'Firms', headcount: 'Demand', met: 'Met', unreached: 'Unreached',
      none: 'Nothing to suggest: everyone is covered, or no candidate place would add anyone.',
      kinds: { township: 'township centre', park: 'industrial park', station: 'metro station', institution: 'existing institution' },
      sources: 'Sources', mapLabel: 'Map: uncovered hexagons and suggested points',
      scope: 'Analysis: {what}', scopeAll: 'all courses', scopeTrade: 'trade "{typed}" (counted as {trades})', scopeTradeNone: 'trade "{typed}"',
      noTrade: 'No trade in the catalogue answers to "{typed}", so no course matches and no point is suggested. Try other words, e.g. 焊工, 电工, 育婴员.',
      matchingDistrict: 'Sites in {district} hold {courses} matching courses at {sites} sites with {seats} seats (the city {cityCourses}; courses within reach beyond its border count for coverage too); population {population} ({source}).',
      csv: 'Download CSV', csvLabel: 'Download the coverage by district and township (CSV)', geojson: 'Download GeoJSON', geojsonLabel: 'Download the uncovered cells and the suggested points (GeoJSON)'
    }
  };

  return function mount(root, options) {
    const o = normalize(options);
    const api = SC.api.client(o.api, o.region);
    const state = { lang: o.lang, mode: o.mode, minutes: o.minutes, runs: 0, ctrl: null, result: null };
    const t = (key, vars) => {
      const s = text[state.lang][key];
      return typeof s === 'string' ? s.replace(/\{(\w+)\}/g, (m, n) => (vars && vars[n] != null ? String(vars[n]) : m)) : key;
    };
    const num = (n) => Math.round(n).toLocaleString('en-US');
    const pct = (f) => (100 * f).toFixed(1) + '%';
    const texts = [];
    const tr = (el, key, attr) => {
      texts.push([el, key, attr]);
      return el;
    };

    // ---- the interface
    const app = h('div', { class: 'sc-app sc-planner', 'data-state': 'idle', 'data-runs': '0' });
    const langButton = h('button', { type: 'button', class: 'sc-lang', onclick: () => setLang(state.lang === 'zh' ? 'en' : 'zh') });
    const printButton = tr(h('button', { type: 'button', class: 'sc-button sc-print', onclick: () => window.print() }), 'print');
    const csvButton = tr(tr(h('button', { type: 'button', class: 'sc-button sc-download', 'data-format': 'csv', onclick: () => download('csv') }), 'csv'), 'csvLabel', 'aria-label');
    const geojsonButton = tr(tr(h('button', { type: 'button', class: 'sc-button sc-download', 'data-format': 'geojson', onclick: () => download('geojson') }), 'geojson'), 'geojsonLabel', 'aria-label');
    const header = h('header', { class: 'sc-header' }, [
      h('div', { class: 'sc-titles' }, [tr(h('h1', { class: 'sc-title' }), 'title'), tr(h('p', { class: 'sc-subtitle' }), 'subtitle')]),
      h('div', { class: 'sc-actions' }, [csvButton, geojsonButton, printButton, langButton])
    ]);

    const family = select('family', i18n.codes('family'), o.family, (c) => i18n.label(state.lang, 'family', c));
    const level = select('level', i18n.codes('level').filter((c) => c !== 'none'), o.level, (c) => i18n.label(state.lang, 'level', c));
    const trade = h('input', { type: 'search', class: 'sc-input', id: SC.dom.uid('trade'), value: o.trade || null, autocomplete: 'off' });
    const mode = select('mode', modes, state.mode, (c) => i18n.label(state.lang, 'mode', c), true);
    const minutes = select('minutes', minuteChoices.indexOf(o.minutes) >= 0 ? minuteChoices : minuteChoices.concat([o.minutes]).sort((a, b) => a - b),
      String(state.minutes), (n) => t('minutesValue', { n: n }), true);
    const district = select('district', [], o.district, null);
    const k = select('k', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], String(o.k), (n) => String(n), true);
    for (const el of [family.el, level.el, mode.el, minutes.el, district.el, k.el, trade]) el.addEventListener('change', run);
    district.el.addEventListener('change', fitDistrict);

    const field = (key, control) => h('label', { class: 'sc-field' }, [tr(h('span', { class: 'sc-plabel' }), key), control]);
    const form = h('form', { class: 'sc-form sc-planner-form', novalidate: true, onsubmit: (e) => { e.preventDefault(); run(); } }, [
      field('family', family.el), field('level', level.el), field('trade', tr(trade, 'tradePlaceholder', 'placeholder')),
      field('mode', mode.el), field('minutes', minutes.el), field('district', district.el), field('k', k.el)
    ]);
    const status = h('p', { class: 'sc-status', role: 'status', 'aria-live': 'polite' });
    // What the figures are of, in words: on screen and on the printed page.
    const scopeLine = h('p', { class: 'sc-scope' });
    const figures = h('div', { class: 'sc-figures' });
    const note = h('p', { class: 'sc-note' });
    const mapEl = h('div', { class: 'sc-map sc-planner-map' });
    const legend = h('div', { class: 'sc-legend' });
    const mapNote = h('p', { class: 'sc-note' });
    const sections = h('div', { class: 'sc-planner-tables' });
    // The link's settings that fell back to their defaults, said once.
    const notice = h('p', { class: 'sc-notice', role: 'note', hidden: (o.ignored || []).length ? null : true });
    app.appendChild(header);
    app.appendChild(notice);
    app.appendChild(h('div', { class: 'sc-planner-body' }, [
      h('section', { class: 'sc-planner-controls', 'aria-label': 'controls' }, [form]),
      status, scopeLine, figures, note, mapEl, legend, mapNote, sections
    ]));
    SC.dom.clear(root).appendChild(app);

    const view = SC.map.create(mapEl, { label: t('mapLabel'), sourcesLabel: t('sources') });
    let districtShapes = null; // the base map's district layer, to fit a district
    const map = view.map;
    const layers = { cells: null, pins: L.layerGroup().addTo(map) };
    // The cells go in a pane of their own above the base map's filled
    // districts, drawn on one canvas: thousands of hexagons stay quick.
    map.createPane('sc-gaps').style.zIndex = 410;
    map.getPane('sc-gaps').style.pointerEvents = 'none';
    const renderer = L.canvas({ padding: 0.2, pane: 'sc-gaps' });
    if (window.ResizeObserver) new ResizeObserver(() => map.invalidateSize()).observe(mapEl);
    // The printed page is narrower than the screen: redraw the map for it,
    // so that it is not cut at the right.
    window.addEventListener('beforeprint', () => map.invalidateSize({ animate: false }));
    if (window.matchMedia) window.matchMedia('print').addEventListener('change', () => map.invalidateSize({ animate: false }));

    setLang(state.lang);
    start();

    async function start() {
      try {
        const region = await api.get('/v1/region', { crs: o.crs });
        districtShapes = view.base(region).districts;
        for (const f of region.features) {
          if (f.properties.kind === 'district') district.add(f.properties.code, f.properties.name);
        }
        district.el.value = o.district || '';
      } catch (err) {
        return fail(err);
      }
      run();
      if (o.district) fitDistrict();
    }

    // fitDistrict shows the district chosen (or the whole region).
    function fitDistrict() {
      if (!districtShapes) return;
      let bounds = null;
      districtShapes.eachLayer((l) => {
        if (!district.el.value || l.feature.properties.code === district.el.value) {
          bounds = bounds ? bounds.extend(l.getBounds()) : L.latLngBounds(l.getBounds().getSouthWest(), l.getBounds().getNorthEast());
        }
      });
      if (bounds) map.fitBounds(bounds, { padding: [12, 12], animate: false });
      mapEl.setAttribute('data-district', district.el.value);
    }

    // download saves what the page shows, as the server writes it (the
    // same files as `skillcircle gaps`): the areas' coverage as CSV, or the
    // uncovered cells and the suggested points as GeoJSON (WGS-84).
    async function download(format) {
      if (!state.result) return;
      const p = params();
      const url = format === 'csv'
        ? api.href('/v1/coverage', Object.assign({}, p, { format: 'csv', crs: '' }))
        : api.href('/v1/coverage/suggest', Object.assign({ k: k.el.value }, p, { format: 'geojson', crs: '' }));
      let blob;
      try {
        const resp = await fetch(url, { credentials: 'omit' });
        if (!resp.ok) throw new Error(resp.status + ' ' + resp.statusText);
        blob = await resp.blob();
      } catch (err) {
        return fail(err);
      }
      const name = ['coverage', p.family || 'all', p.trade || '', p.mode, p.minutes + 'min', p.district || state.result.coverage.city.code].filter(Boolean).join('-') + '.' + format;
      const a = h('a', { href: URL.createObjectURL(blob), download: name });
      document.body.appendChild(a);
      app.setAttribute('data-download', name);
      a.click();
      setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 0);
    }

    function params() {
      return {
        mode: mode.el.value, minutes: minutes.el.value, family: family.el.value, level: level.el.value,
        trade: trade.value.trim(), district: district.el.value, crs: o.crs
      };
    }

    async function run() {
      if (state.ctrl) state.ctrl.abort();
      const ctrl = new AbortController();
      state.ctrl = ctrl;
      const p = params();
      app.setAttribute('data-state', 'loading');
      status.textContent = t('loading');
      keepURL(p);
      try {
        const [coverage, suggest, demand] = await Promise.all([
          api.get('/v1/coverage', p, ctrl.signal),
          api.get('/v1/coverage/suggest', Object.assign({ k: k.el.value }, p), ctrl.signal),
          api.get('/v1/coverage/demand', p, ctrl.signal)
        ]);
        if (ctrl !== state.ctrl) return;
        state.result = { coverage: coverage, suggest: suggest, demand: demand };
        state.runs += 1;
        draw();
        render();
        status.textContent = '';
        app.setAttribute('data-runs', String(state.runs));
        app.setAttribute('data-state', 'ready');
      } catch (err) {
        if (err && err.name === 'AbortError') return;
        fail(err);
      }
    }

    function fail(err) {
      app.setAttribute('data-state', 'error');
      status.textContent = t('error', { message: err && err.message || String(err) });
    }

    // ---- the map: uncovered cells and the suggested points
    function colour(people) {
      let c = classes[0][1];
      for (const [min, col] of classes) if (people >= min) c = col;
      return c;
    }

    function draw() {
      const r = state.result;
      if (layers.cells) map.removeLayer(layers.cells);
      layers.cells = L.geoJSON(r.coverage.uncovered_cells, {
        renderer: renderer,
        pane: 'sc-gaps',
        interactive: false,
        // A hairline in the fill's colour closes the seams between cells.
        style: (f) => {
          const c = colour(f.properties.population);
          return { stroke: true, color: c, weight: 0.6, opacity: 0.78, fillColor: c, fillOpacity: 0.78 };
        }
      }).addTo(map);
      layers.pins.clearLayers();
      for (const s of r.suggest.suggestions) {
        const pin = L.marker([s.lat, s.lng], {
          icon: L.divIcon({ className: 'sc-pin', html: h('span', { text: String(s.rank) }), iconSize: [26, 26] }),
          keyboard: false, title: s.name
        });
        layers.pins.addLayer(pin);
      }
    }

    // ---- the tables
    function render() {
      const r = state.result;
      if (!r) return;
      const c = r.coverage;
      SC.dom.clear(figures);
      for (const [value, key] of [[pct(c.city.share), 'share'], [num(c.city.covered), 'covered'], [num(c.city.uncovered), 'uncovered'], [c.city.seats_per_1000.toFixed(1), 'seats']]) {
        figures.appendChild(h('div', { class: 'sc-figure' }, [h('b', { text: value }), h('span', { text: t(key) })]));
      }
      const source = c.population_source.kind === 'model' ? t('sourceModel') : t('sourceGrid', { file: c.population_source.file });
      const local = c.matching_in_district;
      note.textContent = local
        ? t('matchingDistrict', { district: c.scope.district.name, courses: num(local.courses), sites: num(local.sites), seats: num(local.seats),
          cityCourses: num(c.matching.courses), population: num(c.city.population), source: source })
        : t('matching', { courses: num(c.matching.courses), sites: num(c.matching.sites), seats: num(c.matching.seats), population: num(c.city.population), source: source });
      scopeLine.textContent = t('scope', { what: scopeWords(c.scope) });
      mapNote.textContent = t('map', { minutes: c.scope.minutes });
      SC.dom.clear(legend);
      legend.appendChild(h('span', { text: t('legendPeople') + ':' }));
      for (const [, col, label] of classes) {
        const sw = h('i', { class: 'sc-swatch' });
        sw.style.background = col;
        legend.appendChild(h('span', {}, [sw, label]));
      }
      legend.appendChild(h('span', {}, [h('i', { class: 'sc-swatch sc-swatch-pin' }), t('legendPin')]));

      SC.dom.clear(sections);
      const s = r.suggest;
      const rows = [[0, t('today'), '', '', num(s.covered), pct(s.share)]].concat(s.suggestions.map((x) => [
        x.rank, text[state.lang].kinds[x.kind] || x.kind, x.name + (x.district ? ' · ' + x.district.name : ''), '+' + num(x.gain), num(x.covered), pct(x.share)]));
      const typed = c.scope.filters.trade;
      const unknownTrade = typed && !(c.scope.filters.trades || []).length;
      sections.appendChild(section('suggestions', unknownTrade ? [h('p', { class: 'sc-note sc-no-trade', text: t('noTrade', { typed: typed }) })] : [
        h('p', { class: 'sc-note', text: t('suggestNote', { n: num(s.candidates) }) }),
        s.suggestions.length ? table(['rank', 'kind', 'place', 'gain', 'cumulative', 'shareCol'], rows, 'sc-suggestions', [1, 2]) : h('p', { text: t('none') })
      ]));
      if (unknownTrade) layers.pins.clearLayers();

      const areaRows = (areas) => areas.map((a) => [a.name, num(a.population), num(a.covered), bar(a.share), a.seats_per_1000.toFixed(1)]);
      const dt = table(['name', 'population', 'covered', 'shareCol', 'seatsCol'], areaRows(c.districts).concat(c.districts.length > 1 ? [areaRows([c.city])[0]] : []), 'sc-districts', [0]);
      if (c.districts.length > 1) dt.querySelector('tbody tr:last-child').classList.add('sc-total');
      sections.appendChild(section('districts', [dt]));
      if (c.districts.length === 1) {
        sections.appendChild(section('townships', [table(['name', 'population', 'covered', 'shareCol', 'seatsCol'], areaRows(c.townships), 'sc-townships', [0])]));
      }

      const d = r.demand;
      sections.appendChild(section('demand', [
        h('p', { class: 'sc-note', text: t('demandNote', { headcount: num(d.headcount), met: num(d.met), share: pct(d.met_share) }) }),
        table(['trade2', 'firms', 'headcount', 'met', 'shareCol', 'unreached'],
          d.trades.slice(0, 12).map((x) => [x.trade, x.enterprises, num(x.headcount), num(x.met), bar(x.met_share), num(x.unreached)]), 'sc-trades', [0])
      ]));
    }

    // scopeWords says what was analysed: family, level, trade, mode and
    // time, area.
    function scopeWords(sc) {
      const parts = [];
      const f = sc.filters;
      parts.push(f.family.length ? f.family.map((x) => i18n.label(state.lang, 'family', x)).join('、') : t('scopeAll'));
      if (f.level.length) parts.push(f.level.map((x) => i18n.label(state.lang, 'level', x)).join('、'));
      const readAs = (f.trades || []).filter((x) => x !== f.trade);
      if (f.trade) parts.push(readAs.length ? t('scopeTrade', { typed: f.trade, trades: f.trades.join('、') }) : t('scopeTradeNone', { typed: f.trade }));
      parts.push(i18n.label(state.lang, 'mode', sc.mode) + ' ' + t('minutesValue', { n: sc.minutes }));
      parts.push(sc.district ? sc.district.name : t('wholeCity'));
      return parts.join(' · ');
    }

    function section(key, children) {
      return h('section', { class: 'sc-planner-section' }, [h('h2', { text: t(key) })].concat(children));
    }

    function bar(share) {
      const fill = h('span', {});
      fill.style.width = Math.max(0, Math.min(100, 100 * share)).toFixed(1) + '%';
      return h('div', { class: 'sc-barbox' }, [h('div', { class: 'sc-bar' }, [fill]), pct(share)]);
    }

    // table(headKeys, rows, class, textColumns): cells are strings or elements.
    function table(keys, rows, cls, textCols) {
      const isText = (i) => textCols.indexOf(i) >= 0;
      // A wide table scrolls sideways in its own box on a phone.
      return h('div', { class: 'sc-table-wrap' }, h('table', { class: 'sc-table ' + cls }, [
        h('thead', {}, [h('tr', {}, keys.map((key, i) => h('th', { class: isText(i) ? 'sc-text' : null, scope: 'col', text: t(key) })))]),
        h('tbody', {}, rows.map((row) => h('tr', {}, row.map((cell, i) => h('td', { class: isText(i) ? 'sc-text' : null }, [typeof cell === 'object' ? cell : String(cell)])))))
      ]));
    }

    // ---- language and the URL
    function setLang(lang) {
      state.lang = lang === 'en' ? 'en' : 'zh';
      app.setAttribute('lang', state.lang === 'en' ? 'en' : 'zh-CN');
      document.documentElement.setAttribute('lang', state.lang === 'en' ? 'en' : 'zh-CN');
      document.title = t('title');
      for (const [el, key, attr] of texts) {
        if (attr) el.setAttribute(attr, t(key));
        else el.textContent = t(key);
      }
      langButton.textContent = t('switchLang');
      langButton.setAttribute('aria-label', t('switchLangLabel'));
      mapEl.setAttribute('aria-label', t('mapLabel'));
      const sources = mapEl.querySelector('.leaflet-control-attribution summary');
      if (sources) sources.textContent = t('sources');
      notice.textContent = i18n.ignored(state.lang, o.ignored);
      for (const s of [family, level, mode, minutes, district, k]) s.relabel();
      render();
      if (state.result) keepURL(params());
    }

    function keepURL(p) {
      const u = new URL(window.location.href);
      u.search = '';
      for (const [key, v] of Object.entries(Object.assign({ lang: state.lang === 'en' ? 'en' : '', k: k.el.value === '5' ? '' : k.el.value }, p))) {
        if (v != null && v !== '' && !(key === 'crs' && v === 'wgs84')) u.searchParams.set(key, v);
      }
      window.history.replaceState(null, '', u.toString());
    }

    // select(name, values, current, labelOf, required): a <select>; without
    // required it starts with an "any" (or "whole city") option.
    function select(name, values, current, labelOf, required) {
      const el = h('select', { class: 'sc-input', id: SC.dom.uid(name), 'data-name': name });
      const names = {};
      if (!required) el.appendChild(h('option', { value: '' }));
      const add = (value, zhName) => {
        names[value] = zhName;
        el.appendChild(h('option', { value: String(value), selected: String(value) === String(current) || null }));
      };
      for (const v of values) add(v);
      const relabel = () => {
        for (const opt of el.options) {
          if (opt.value === '') opt.textContent = name === 'district' ? t('wholeCity') : t('any');
          else opt.textContent = labelOf ? labelOf(opt.value) : names[opt.value] || opt.value;
        }
      };
      return { el: el, add: (v, n) => { add(v, n); relabel(); }, relabel: relabel };
    }
  };

  function normalize(opts) {
    const o = Object.assign({}, opts);
    o.lang = o.lang === 'en' ? 'en' : 'zh';
    o.mode = modes.indexOf(o.mode) >= 0 ? o.mode : 'walk';
    o.minutes = Math.min(60, Math.max(1, parseInt(o.minutes, 10) || 15));
    o.k = Math.min(10, Math.max(1, parseInt(o.k, 10) || 5));
    o.crs = ['wgs84', 'gcj02', 'bd09'].indexOf(o.crs) >= 0 ? o.crs : 'wgs84';
    return o;
  }
})();
