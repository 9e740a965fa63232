// SC.i18n: the interface in Chinese (the default) and English.
// t(lang, key, vars) fills {name} placeholders; label(lang, kind, code,
// zhLabel) names an enumerated value: the API's Chinese *_label in Chinese,
// this table's English in English.
SC.i18n = (function () {
  'use strict';

  const text = {
    zh: {
      title: '15分钟技能学习圈',
      subtitle: '宁波市职业技能培训港 · 找课',
      switchLang: 'English',
      switchLangLabel: 'Switch to English',
      searchForm: '查找可到达的课程',
      origin: '家（或出发地）',
      originPlaceholder: '住址，如 鄞州区姜山镇明光北路',
      workplace: '单位（可不填）',
      workplacePlaceholder: '工作单位或其地址，如 海天集团',
      mapSets: '点击地图、“我的位置”设为',
      roleHome: '家',
      roleWork: '单位',
      pinHome: '家',
      pinWork: '单',
      workMarker: '单位',
      fromBoth: '从家（{home}）和单位（{work}）出发：',
      fromWork: '从单位：{name}',
      travelFromHome: '从家{mode} {minutes} 分钟',
      along: '找哪里的课程',
      fitSchedule: '按上课时间选出发地（晚上的课从单位算，周末的课从家算）',
      alongNear: '家和单位附近',
      alongCommute: '顺路（下班路上）',
      detour: '最多多绕',
      detourValue: '{n} 分钟',
      travelAlong: '顺路，多绕 {detour} 分钟（单位→此处 {fromWork} 分钟，此处→家 {toHome} 分钟）',
      foundAlong: '{mode}从单位回家约 {trip} 分钟，多绕不超过 {detour} 分钟的顺路培训点 {sites} 个，课程 {courses} 门。',
      foundAlongNone: '{mode}从单位回家约 {trip} 分钟，多绕 {detour} 分钟以内没有符合条件的课程。可以多绕一些或放宽条件。',
      corridorKey: '下班路线（顺路：多绕不超过 {detour} 分钟，直接回家约 {minutes} 分钟）',
      travelFromWork: '从单位{mode} {minutes} 分钟',
      search: '搜索',
      locate: '我的位置',
      locateLabel: '使用浏览器定位作为出发地',
      mapCentre: '地图中心',
      mapCentreLabel: '以地图中心为出发地',
      mode: '出行方式',
      minutes: '时间',
      minutesValue: '{n} 分钟',
      query: '课程',
      queryPlaceholder: '如 焊工、电工、育婴员',
      filters: '筛选',
      family: '课程类别',
      level: '等级',
      schedule: '上课时间',
      any: '不限',
      freeOnly: '只看免费课程',
      seatsOnly: '只看尚有名额',
      map: '地图：可到达范围（六边形）、培训点和出发地。点击地图可选出发地。',
      results: '课程',
      idle: '输入住址或工作单位、点击地图或使用“我的位置”，查看 {minutes} 分钟内能到达的课程。',
      loading: '正在查找…',
      found: '{mode} {minutes} 分钟内可到达 {sites} 个培训点的 {courses} 门课程。',
      foundNone: '{mode} {minutes} 分钟内没有符合条件的课程。可以放宽条件或延长时间。',
      showing: '显示前 {n} 门，按{sort}排序。',
      sortTravel: '路程',
      sortRelevance: '相关度',
      from: '出发地：{name}',
      approximate: '（大致位置）',
      pickedOnMap: '地图上选的点',
      givenPoint: '指定的地点',
      near: '{name}（{place}附近）',
      myLocation: '我的位置',
      didYouMean: '您要找的是：',
      notFound: '找不到“{q}”。请换个说法，或直接点击地图。',
      notFoundOutside: '“{q}”不在{region}：这里只能查找{region}范围内的地点。请输入{region}的地址，或直接点击地图。',
      notFoundElsewhere: '“{q}”在{where}，不在{district}。这里只显示{district}的课程；请输入{district}的地址，或直接点击地图。',
      notFoundInDistrict: '在{district}找不到“{q}”。请换个说法，或直接点击地图。',
      ignored: '链接中有无法使用的设置，已改用默认值：{list}。',
      foundNoneNoFilters: '{mode} {minutes} 分钟内没有课程。可以延长时间或换一种出行方式。',
      geocodeUnavailable: '暂不支持按地址查找，请点击地图或使用“我的位置”。',
      network: '无法连接课程服务。如果这是嵌入的地图，本网站可能不在服务的允许列表中。',
      apiError: '出错了：{message}',
      locating: '正在定位…',
      locateDenied: '无法获得您的位置（{reason}）。请输入地址或点击地图。',
      more: '显示更多课程',
      travel: '{mode} {minutes} 分钟',
      starts: '{date} 开课 · {sessions} 次课',
      fee: '¥{fee}',
      free: '免费',
      seatsLeft: '剩余 {n} 个名额',
      full: '已满',
      register: '报名',
      details: '详情',
      detailsLabel: '详情：{title}',
      siteAll: '查看{site}的全部 {n} 门课程',
      registerLabel: '报名：{title}（在新窗口打开）',
      showOnMap: '（在地图上显示）',
      siteCourses: '{n} 门课程',
      siteMarker: '{site}：{n} 门课程，{mode} {minutes} 分钟',
      siteSelected: '{site}：{n} 门符合条件的课程，列表中标出了 {shown} 门。',
      siteSelectedNone: '{site}：{n} 门符合条件的课程，都不在当前列表中（它们在更近的培训点也有开班，或在后面的页）。',
      trainingPoint: '培训点',
      originMarker: '出发地',
      sitesShown: '{n} 个培训点',
      online: '另有 {n} 门线上课程。',
      sources: '数据来源',
      widened: '{from} 分钟内没有符合条件的课程，下面是 {to} 分钟内的。',
      spelling: '您是不是要找：',
      corrected: '已为您显示“{q}”的结果（您输入的是“{typed}”）。',
      widenedChip: '（已放宽到 {to} 分钟）',
      nearest: '最近的符合条件的课程：{title}（{site}），{mode} {minutes} 分钟。',
      nearestShow: '显示 {minutes} 分钟内的课程',
      nearestNone: '{mode} 60 分钟内也没有符合条件的课程。可以换一种出行方式或放宽条件。'
    },
    en: {
      title: '15-minute skill learning circle',
      subtitle: 'Ningbo vocational skills training port · find a course',
      switchLang: '中文',
      switchLangLabel: '切换到中文',
      searchForm: 'Find courses within reach',
      origin: 'Home (or starting point)',
      originPlaceholder: 'Home address',
      workplace: 'Workplace (optional)',
      workplacePlaceholder: 'Employer or its address, e.g. 海天集团',
      mapSets: 'The map and "My location" set',
      roleHome: 'home',
      roleWork: 'workplace',
      pinHome: 'H',
      pinWork: 'W',
      workMarker: 'Workplace',
      fromBoth: 'From home ({home}) and the workplace ({work}):',
      fromWork: 'From the workplace: {name}',
      travelFromHome: '{minutes} min by {mode} from home',
      along: 'Where to look',
      fitSchedule: 'Start by class time (evening classes from work, weekend ones from home)',
      alongNear: 'Near home or work',
      alongCommute: 'On the way home',
      detour: 'Longest detour',
      detourValue: '{n} min',
      travelAlong: 'On the way, {detour} min longer (work → here {fromWork} min, here → home {toHome} min)',
      foundAlong: 'The trip home by {mode} takes about {trip} minutes; {courses} courses at {sites} sites add at most {detour} minutes to it.',
      foundAlongNone: 'The trip home by {mode} takes about {trip} minutes; no matching course adds less than {detour} minutes to it. Allow a longer detour or fewer filters.',
      corridorKey: 'The way home (on the way: at most {detour} min longer than the {minutes} min trip)',
      travelFromWork: '{minutes} min by {mode} from work',
      search: 'Search',
      locate: 'My location',
      locateLabel: 'Use the browser\'s location as the starting point',
      mapCentre: 'Map centre',
      mapCentreLabel: 'Use the centre of the map as the starting point',
      mode: 'Travel by',
      minutes: 'Time',
      minutesValue: '{n} min',
      query: 'Course',
      queryPlaceholder: 'e.g. 焊工 (welder), 电工 (electrician)',
      filters: 'Filters',
      family: 'Field',
      level: 'Level',
      schedule: 'When',
      any: 'Any',
      freeOnly: 'Free courses only',
      seatsOnly: 'Seats left only',
      map: 'Map: the area within reach (hexagons), training sites and the starting point. Click the map to choose a starting point.',
      results: 'Courses',
      idle: 'Enter a home or workplace address, click the map or use "My location" to see the courses within {minutes} minutes.',
      loading: 'Searching…',
      found: '{courses} courses at {sites} training sites within {minutes} minutes by {mode}.',
      foundNone: 'No matching course within {minutes} minutes by {mode}. Try fewer filters or more time.',
      showing: 'Showing the first {n}, by {sort}.',
      sortTravel: 'travel time',
      sortRelevance: 'relevance',
      from: 'From: {name}',
      approximate: ' (approximate)',
      pickedOnMap: 'a point on the map',
      givenPoint: 'the given point',
      near: '{name} (near {place})',
      myLocation: 'my location',
      didYouMean: 'Did you mean:',
      notFound: 'Nothing found for "{q}". Try other words, or click the map.',
      notFoundOutside: '"{q}" is outside {region}: only places in {region} can be found. Enter an address in {region}, or click the map.',
      notFoundElsewhere: '"{q}" is in {where}, not in {district}. Only {district}\'s courses are shown here: enter an address in {district}, or click the map.',
      notFoundInDistrict: 'Nothing in {district} matches "{q}". Try other words, or click the map.',
      ignored: 'Some settings in the link could not be used and their defaults apply: {list}.',
      foundNoneNoFilters: 'No course within {minutes} minutes by {mode}. Try more time or another way of travelling.',
      geocodeUnavailable: 'Address search is not available yet: click the map or use "My location".',
      network: 'Cannot reach the course service. If this map is embedded, this website may not be on the service\'s allow-list.',
      apiError: 'Something went wrong: {message}',
      locating: 'Finding your location…',
      locateDenied: 'Your location is not available ({reason}). Enter an address or click the map.',
      more: 'Show more courses',
      travel: '{minutes} min by {mode}',
      starts: 'starts {date} · {sessions} sessions',
      fee: '¥{fee}',
      free: 'free',
      seatsLeft: '{n} seats left',
      full: 'full',
      register: 'Register',
      details: 'Details',
      detailsLabel: 'Details: {title}',
      siteAll: 'See all {n} courses at {site}',
      registerLabel: 'Register: {title} (opens in a new window)',
      showOnMap: ' (show on the map)',
      siteCourses: '{n} courses',
      siteMarker: '{site}: {n} courses, {minutes} min by {mode}',
      siteSelected: '{site}: {n} matching courses, {shown} of them marked in the list.',
      siteSelectedNone: '{site}: {n} matching courses, none in the list as it is (they also meet at a nearer site, or are on a later page).',
      trainingPoint: 'Training site',
      originMarker: 'Starting point',
      sitesShown: '{n} training sites',
      online: '{n} more courses are online.',
      sources: 'Data sources',
      widened: 'Nothing matches within {from} minutes; these are within {to}.',
      spelling: 'Did you mean:',
      corrected: 'Showing results for "{q}" (you typed "{typed}").',
      widenedChip: '(widened to {to} minutes)',
      nearest: 'The nearest matching course: {title} ({site}), {minutes} minutes by {mode}.',
      nearestShow: 'Show the courses within {minutes} minutes',
      nearestNone: 'Nothing matches within 60 minutes by {mode} either. Try another way of travelling or fewer filters.'
    }
  };

  // English names of the API's enumerated codes; Chinese comes from the
  // API's *_label fields, or from zh below where no record is at hand.
  const labels = {
    mode: {
      zh: { walk: '步行', bike: '自行车', ebike: '电动车', transit: '地铁', drive: '驾车' },
      en: { walk: 'walking', bike: 'bike', ebike: 'e-bike', transit: 'metro', drive: 'car' }
    },
    family: {
      zh: { manufacturing: '先进制造业', services: '现代服务业', agriculture: '现代农业', labour: '劳动教育', seniors: '老年教育' },
      en: { manufacturing: 'Advanced manufacturing', services: 'Modern services', agriculture: 'Modern agriculture', labour: 'Labour education', seniors: 'Education for seniors' }
    },
    level: {
      zh: { none: '无等级', junior: '初级', intermediate: '中级', senior: '高级', technician: '技师', senior_technician: '高级技师' },
      en: { none: 'no level', junior: 'junior', intermediate: 'intermediate', senior: 'senior', technician: 'technician', senior_technician: 'senior technician' }
    },
    schedule: {
      zh: { weekday_daytime: '工作日白天', weekday_evening: '工作日晚上', weekend: '周末' },
      en: { weekday_daytime: 'weekday daytime', weekday_evening: 'weekday evenings', weekend: 'weekends' }
    },
    subsidy: {
      zh: { none: '自费', subsidised: '补贴', free: '免费' },
      en: { none: 'full price', subsidised: 'subsidised', free: 'free' }
    },
    delivery: {
      zh: { onsite: '线下', online: '线上', blended: '混合' },
      en: { onsite: 'on site', online: 'online', blended: 'blended' }
    }
  };

  function t(lang, key, vars) {
    const table = text[lang] || text.zh;
    const s = key in table ? table[key] : text.zh[key];
    if (s == null) return key;
    return s.replace(/\{(\w+)\}/g, (m, name) => (vars && vars[name] != null ? String(vars[name]) : m));
  }

  function label(lang, kind, code, zhLabel) {
    if (lang !== 'en' && zhLabel) return zhLabel;
    const table = labels[kind] && labels[kind][lang === 'en' ? 'en' : 'zh'];
    return (table && table[code]) || zhLabel || code;
  }

  function codes(kind) {
    return Object.keys(labels[kind].zh);
  }

  // ignored says which of a link's settings the server could not use (the
  // page's config lists them: param, value, message) and that their
  // defaults apply; English adds the server's reason.
  function ignored(lang, list) {
    if (!list || !list.length) return '';
    const items = list.map((x) => x.param + '=' + x.value + (lang === 'en' ? ' (' + x.message + ')' : ''));
    return t(lang, 'ignored', { list: items.join(lang === 'en' ? '; ' : '；') });
  }

  return { t: t, label: label, codes: codes, ignored: ignored, languages: ['zh', 'en'] };
})();
