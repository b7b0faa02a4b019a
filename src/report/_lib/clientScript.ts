/**
 * The page's script: a windowed worklist, filters, keyboard navigation, hash routing to case views and the
 * contribution waterfall. Plain ES2019 kept as text (not a stringified function) so that the bytes are the
 * same in every build. It never uses innerHTML: every value from the data goes in through textContent or
 * setAttribute. Data shape: `CaseData` in toCaseData.ts.
 */
export const CLIENT_SCRIPT = String.raw`(function () {
  'use strict';
  var NS = 'http://www.w3.org/2000/svg';
  var ROW = 30;
  var OVERSCAN = 8;
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var cases = data.cases;
  var S = data.strings;
  var baseTitle = document.title;
  var byId = Object.create(null);
  for (var i = 0; i < cases.length; i++) if (!(cases[i].id in byId)) byId[cases[i].id] = i;

  function el(id) { return document.getElementById(id); }
  function make(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }
  function svg(tag, attrs, text) {
    var node = document.createElementNS(NS, tag);
    for (var key in attrs) node.setAttribute(key, String(attrs[key]));
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function num(value) { return String(Math.round(value * 100) / 100); }
  function laneBadge(lane) { return make('span', 'lane lane-' + lane, lane); }

  var list = el('list'), spacer = el('spacer'), rows = el('rows'), count = el('count');
  var laneFilter = el('f-lane'), ruleFilter = el('f-rule'), textFilter = el('f-text');
  var overview = el('overview'), worklist = el('worklist'), panel = el('case');
  var view = [];
  var selected = 0;
  var haystacks = null;
  var current = -1;

  function haystack(c) {
    var parts = [c.id, S[c.top], S[c.party], S[c.why]];
    c.rules.forEach(function (r) { parts.push(r); });
    c.reasons.forEach(function (b) { parts.push(S[b[2]], b[6]); });
    c.facts.forEach(function (f) { parts.push(S[f[1]]); });
    c.lines.forEach(function (l) { parts.push(l.join(' ')); });
    if (c.isf) {
      c.isf.facts.forEach(function (f) { parts.push(S[f[1]]); });
      c.isf.lines.forEach(function (l) { parts.push(l.join(' ')); });
    }
    return parts.join('\n').toLowerCase();
  }

  function applyFilter() {
    var lane = laneFilter.value, rule = ruleFilter.value;
    var terms = textFilter.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    if (terms.length && !haystacks) haystacks = cases.map(haystack);
    view = [];
    for (var i = 0; i < cases.length; i++) {
      var c = cases[i];
      if (lane && c.lane !== lane) continue;
      if (rule && c.rules.indexOf(rule) < 0) continue;
      var ok = true;
      for (var t = 0; t < terms.length && ok; t++) ok = haystacks[i].indexOf(terms[t]) >= 0;
      if (ok) view.push(i);
    }
    selected = 0;
    spacer.style.height = view.length * ROW + 'px';
    count.textContent = view.length + ' of ' + cases.length + ' shown';
    list.scrollTop = 0;
    render();
  }

  function rowElement(pos) {
    var c = cases[view[pos]];
    var row = make('div', 'row');
    row.id = 'row-' + pos;
    row.setAttribute('role', 'option');
    row.setAttribute('aria-selected', pos === selected ? 'true' : 'false');
    row.setAttribute('data-pos', String(pos));
    row.setAttribute('data-id', c.id);
    row.style.top = pos * ROW + 'px';
    row.appendChild(make('span', 'num', String(view[pos] + 1)));
    row.appendChild(make('span', 'id', c.id));
    row.appendChild(make('span', 'num score', num(c.score)));
    var lane = make('span');
    lane.appendChild(laneBadge(c.lane));
    row.appendChild(lane);
    row.appendChild(make('span', 'reason', S[c.top]));
    row.appendChild(make('span', 'party', S[c.party]));
    return row;
  }

  function render() {
    var top = list.scrollTop, height = list.clientHeight || 600;
    var first = Math.max(0, Math.floor(top / ROW) - OVERSCAN);
    var last = Math.min(view.length, Math.ceil((top + height) / ROW) + OVERSCAN);
    var fragment = document.createDocumentFragment();
    for (var pos = first; pos < last; pos++) fragment.appendChild(rowElement(pos));
    if (!view.length) fragment.appendChild(make('div', 'empty', 'No records match the filters.'));
    rows.replaceChildren(fragment);
    if (view.length) list.setAttribute('aria-activedescendant', 'row-' + selected);
    else list.removeAttribute('aria-activedescendant');
  }

  var pending = false;
  list.addEventListener('scroll', function () {
    if (pending) return;
    pending = true;
    requestAnimationFrame(function () { pending = false; render(); });
  });

  function moveTo(pos) {
    if (!view.length) return;
    selected = Math.max(0, Math.min(view.length - 1, pos));
    var y = selected * ROW;
    if (y < list.scrollTop) list.scrollTop = y;
    else if (y + ROW > list.scrollTop + list.clientHeight) list.scrollTop = y + ROW - list.clientHeight;
    render();
  }

  function open() {
    if (!view.length) return;
    location.hash = '#case=' + encodeURIComponent(cases[view[selected]].id);
  }

  list.addEventListener('keydown', function (event) {
    var key = event.key, page = Math.max(1, Math.floor(list.clientHeight / ROW) - 1);
    if (key === 'ArrowDown' || key === 'j') moveTo(selected + 1);
    else if (key === 'ArrowUp' || key === 'k') moveTo(selected - 1);
    else if (key === 'PageDown') moveTo(selected + page);
    else if (key === 'PageUp') moveTo(selected - page);
    else if (key === 'Home') moveTo(0);
    else if (key === 'End') moveTo(view.length - 1);
    else if (key === 'Enter') open();
    else return;
    event.preventDefault();
  });

  rows.addEventListener('click', function (event) {
    var row = event.target.closest('.row');
    if (!row) return;
    selected = Number(row.getAttribute('data-pos'));
    open();
  });

  laneFilter.addEventListener('change', applyFilter);
  ruleFilter.addEventListener('change', applyFilter);
  textFilter.addEventListener('input', applyFilter);
  textFilter.addEventListener('keydown', function (event) {
    if (event.key === 'ArrowDown' || event.key === 'Enter') { event.preventDefault(); list.focus(); }
  });

  document.addEventListener('keydown', function (event) {
    var typing = event.target instanceof HTMLInputElement || event.target instanceof HTMLSelectElement;
    if (!panel.hidden) {
      if (event.key === 'Escape') { event.preventDefault(); back(); }
      else if (!typing && (event.key === 'j' || event.key === 'k')) {
        var pos = view.indexOf(current);
        if (pos < 0) return;
        var next = pos + (event.key === 'j' ? 1 : -1);
        if (next < 0 || next >= view.length) return;
        selected = next;
        open();
      }
      return;
    }
    if (event.key === '/' && !typing) { event.preventDefault(); textFilter.focus(); }
  });

  el('back').addEventListener('click', back);
  function back() { location.hash = ''; }

  function facts(target, items) {
    var dl = make('dl', 'facts');
    items.forEach(function (f) { dl.appendChild(make('dt', '', S[f[0]])); dl.appendChild(make('dd', '', S[f[1]])); });
    target.replaceChildren(dl);
  }

  function table(target, head, body, numeric) {
    var t = make('table');
    var tr = make('tr');
    head.forEach(function (h, i) { tr.appendChild(make('th', numeric.indexOf(i) >= 0 ? 'num' : '', h)); });
    var thead = make('thead');
    thead.appendChild(tr);
    t.appendChild(thead);
    var tbody = make('tbody');
    body.forEach(function (cells) {
      var r = make('tr');
      cells.forEach(function (cell, i) { r.appendChild(make('td', numeric.indexOf(i) >= 0 ? 'num' : '', cell)); });
      tbody.appendChild(r);
    });
    t.appendChild(tbody);
    target.replaceChildren(t);
  }

  function bullets(target, items) {
    target.replaceChildren();
    items.forEach(function (item) { target.appendChild(make('li', '', item)); });
  }

  function shorten(text, max) { return text.length > max ? text.slice(0, max - 1) + '\u2026' : text; }

  function formatPoints(value) {
    var rounded = Math.round(value * 100) / 100;
    return (rounded > 0 ? '+' : '') + String(rounded);
  }

  // The reasons as bars, in order, with the reasons listed in c.merged drawn as one bar (their sum) after
  // the last model reason.
  function chartBars(c) {
    var merged = {}, lastModel = -1, sum = 0, detail = [], bars = [];
    c.merged.forEach(function (i) { merged[i] = true; });
    c.reasons.forEach(function (r, i) { if (S[r[0]] === 'model') lastModel = i; });
    c.reasons.forEach(function (r, i) {
      if (merged[i]) { sum += r[3]; detail.push(S[r[2]] + ' ' + r[4]); }
      else bars.push({ kind: S[r[0]], id: S[r[1]], label: S[r[2]], points: r[3], shown: r[4], seen: r[6] });
      if (i === lastModel && c.merged.length) {
        var n = c.merged.length;
        bars.push({ kind: 'model', id: 'smaller', label: n + ' smaller model reason' + (n === 1 ? '' : 's'), points: sum,
          shown: formatPoints(sum), seen: detail.join('; ') });
      }
    });
    return bars;
  }

  function chart(c) {
    var target = el('chart');
    var bars = chartBars(c);
    var LABEL = 300, WIDTH = 800, RIGHT = 60, ROWH = 24, TOP = 24;
    var run = 0, lo = 0, hi = 100;
    bars.forEach(function (b) { run += b.points; lo = Math.min(lo, run); hi = Math.max(hi, run); });
    lo = Math.min(lo, c.score);
    hi = Math.max(hi, c.score);
    var unit = (WIDTH - RIGHT - LABEL) / (hi - lo);
    function x(value) { return LABEL + (value - lo) * unit; }
    var height = TOP + (bars.length + 1) * ROWH + 6;
    var root = svg('svg', { viewBox: '0 0 ' + WIDTH + ' ' + height, role: 'img', 'aria-labelledby': 'chart-title', 'class': 'chart',
      'data-unit': unit, 'data-origin': x(0), 'data-score': c.score });
    root.appendChild(svg('title', { id: 'chart-title' }, 'Contributions from the base to the score ' + num(c.score)));
    for (var tick = Math.ceil(lo / 25) * 25; tick <= hi; tick += 25) {
      root.appendChild(svg('line', { 'class': 'grid', x1: x(tick), x2: x(tick), y1: TOP - 4, y2: height - 4 }));
      root.appendChild(svg('text', { 'class': 'tick', x: x(tick), y: TOP - 8 }, String(tick)));
    }
    run = 0;
    bars.forEach(function (b, i) {
      var start = run, end = run + b.points;
      run = end;
      var y = TOP + i * ROWH;
      var kind = b.kind === 'base' ? 'base' : b.kind === 'clipping' ? 'clip' : b.points < 0 ? 'down' : 'up';
      var left = x(Math.min(start, end));
      var rect = svg('rect', { 'class': 'bar ' + kind, x: left, y: y + 4, width: Math.abs(end - start) * unit, height: ROWH - 8,
        'data-points': b.points, 'data-start': start, 'data-end': end, 'data-id': b.id });
      rect.appendChild(svg('title', {}, b.label + ': ' + b.shown + (b.seen ? ' \u2014 ' + b.seen : '')));
      root.appendChild(rect);
      root.appendChild(svg('text', { x: LABEL - 8, y: y + ROWH / 2 + 4, 'text-anchor': 'end' }, shorten(b.label, 40)));
      root.appendChild(svg('text', { 'class': 'pts', x: x(Math.max(start, end)) + 4, y: y + ROWH / 2 + 4 }, b.shown));
      root.appendChild(svg('line', { 'class': 'link', x1: x(end), x2: x(end), y1: y + ROWH - 4, y2: y + ROWH + 4 }));
    });
    var y = TOP + bars.length * ROWH;
    root.appendChild(svg('rect', { 'class': 'bar total', x: x(Math.min(0, c.score)), y: y + 3, width: Math.abs(c.score) * unit, height: ROWH - 6,
      'data-points': c.score }));
    root.appendChild(svg('text', { x: LABEL - 8, y: y + ROWH / 2 + 4, 'text-anchor': 'end', 'font-weight': '700' }, 'Score'));
    root.appendChild(svg('text', { 'class': 'pts', x: x(Math.max(0, c.score)) + 4, y: y + ROWH / 2 + 4, 'font-weight': '700' }, num(c.score)));
    target.replaceChildren(root);
    var warning = el('case-warning');
    if (Math.abs(run - c.score) > 1e-6) {
      warning.textContent = 'The listed contributions add up to ' + num(run) + ', not to the score ' + num(c.score) + '.';
      warning.hidden = false;
    } else warning.hidden = true;
  }

  function showCase(index) {
    var c = cases[index];
    current = index;
    overview.hidden = true;
    worklist.hidden = true;
    panel.hidden = false;
    el('case-id').textContent = c.id;
    el('case-score').textContent = num(c.score);
    el('case-lane').replaceChildren(laneBadge(c.lane));
    el('case-why').textContent = S[c.why];
    el('case-prob').textContent = c.prob === null ? 'scored without a model' : 'model probability ' + c.prob;
    chart(c);
    table(el('case-reasons'), ['Points', 'Reason', 'What was seen', 'Source'], c.reasons.map(function (b) { return [b[4], S[b[2]], b[6], S[b[5]]]; }), [0]);
    el('case-zero').textContent = c.zero ? c.zero + ' model feature' + (c.zero === 1 ? '' : 's') + ' added 0 points and ' + (c.zero === 1 ? 'is' : 'are') + ' not listed.' : '';
    el('case-not-run-block').hidden = !c.notRun.length;
    bullets(el('case-not-run'), c.notRun.map(function (i) { return S[i]; }));
    el('case-text-block').hidden = c.text === null;
    el('case-text').textContent = c.text === null ? '' : c.text;
    el('case-declaration-block').hidden = !c.facts.length;
    facts(el('case-facts'), c.facts);
    table(el('case-lines'), data.lineColumns, c.lines, [0, 4, 5, 6, 7, 8]);
    el('case-isf-block').hidden = c.isf === null;
    if (c.isf) {
      facts(el('case-isf-facts'), c.isf.facts);
      table(el('case-isf-lines'), data.isfLineColumns, c.isf.lines, [0]);
      el('case-isf-amendments-block').hidden = !c.isf.amendments.length;
      bullets(el('case-isf-amendments'), c.isf.amendments);
    }
    document.title = c.id + ' \u2014 ' + baseTitle;
    window.scrollTo(0, 0);
    panel.focus({ preventScroll: true });
  }

  function route() {
    var match = /^#case=(.*)$/.exec(location.hash);
    var index;
    if (match) {
      try { index = byId[decodeURIComponent(match[1])]; } catch (error) { index = undefined; }
    }
    if (index === undefined) {
      current = -1;
      panel.hidden = true;
      overview.hidden = false;
      worklist.hidden = false;
      document.title = baseTitle;
      render();
      moveTo(selected);
      list.focus({ preventScroll: true });
      return;
    }
    var pos = view.indexOf(index);
    if (pos >= 0) selected = pos;
    showCase(index);
  }

  window.addEventListener('hashchange', route);

  var printed = el('print-list');
  window.addEventListener('beforeprint', function () {
    var limit = Math.min(view.length, data.printLimit);
    table(printed, ['#', 'Id', 'Score', 'Lane', 'Main reason', 'Importer'], view.slice(0, limit).map(function (i) {
      var c = cases[i];
      return [String(i + 1), c.id, num(c.score), c.lane, S[c.top], S[c.party]];
    }), [0, 2]);
    if (view.length > limit) printed.appendChild(make('p', 'note', 'Printed the first ' + limit + ' of ' + view.length + ' rows.'));
  });
  window.addEventListener('afterprint', function () { printed.replaceChildren(); });

  applyFilter();
  route();
  document.body.setAttribute('data-ready', 'true');
})();
`;
