// Draws the report's plots as SVG from the JSON in #run-data. Hand-written rather than a plotting library so the
// page stays one file that opens offline. Metrics that were not known are null in the data and drawn as gaps.
(function () {
  'use strict';
  const SVG = 'http://www.w3.org/2000/svg';
  const WIDTH = 760;
  const MARGIN = {top: 36, right: 70, bottom: 44, left: 64};
  const COLORS = ['#2f6db5', '#d9731a', '#3a9a4a', '#b8323a', '#7b54b0', '#8a6d3b', '#1f9aa5', '#c4489a'];
  const TIME_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200];

  const finite = (v) => typeof v === 'number' && isFinite(v);

  function el(name, attrs, parent) {
    const node = document.createElementNS(SVG, name);
    Object.entries(attrs || {}).forEach(([key, value]) => node.setAttribute(key, value));
    if (parent) parent.appendChild(node);
    return node;
  }

  // textContent, never innerHTML: labels come from the run (checkpoint ids, group names).
  function label(parent, x, y, content, attrs) {
    const node = el('text', Object.assign({x: x, y: y}, attrs), parent);
    node.textContent = content;
    return node;
  }

  function clock(seconds) {
    const whole = Math.round(seconds);
    return Math.floor(whole / 60) + ':' + String(whole % 60).padStart(2, '0');
  }

  function count(v) {
    if (Math.abs(v) >= 1e6) return +(v / 1e6).toFixed(2) + 'M';
    if (Math.abs(v) >= 1e4) return +(v / 1e3).toFixed(1) + 'k';
    return String(+v.toFixed(3));
  }

  // A step of 1, 2 or 5 times a power of ten (or a whole number of seconds/minutes for time) keeps ticks readable.
  function step(span, ticks, time) {
    const raw = span / ticks;
    if (time && raw <= TIME_STEPS[TIME_STEPS.length - 1]) return TIME_STEPS.find((s) => s >= raw);
    const power = Math.pow(10, Math.floor(Math.log10(raw)));
    const m = raw / power;
    return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * power;
  }

  // Domain and ticks for values; axis.min/max widen it (e.g. counts start at 0, time ends at the run's end).
  function scale(values, axis, from, to) {
    // reduce, not Math.min(...values): a long run has more values than a call may take arguments.
    let lo = values.reduce((a, b) => Math.min(a, b), finite(axis.min) ? axis.min : Infinity);
    let hi = values.reduce((a, b) => Math.max(a, b), finite(axis.max) ? axis.max : -Infinity);
    if (hi === lo) {
      const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1;
      lo = axis.min === lo ? lo : lo - pad;
      hi += pad;
    }
    const s = step(hi - lo, axis.ticks || 5, axis.time);
    lo = Math.floor(lo / s + 1e-9) * s;
    hi = Math.ceil(hi / s - 1e-9) * s;
    const ticks = [];
    for (let i = 0; lo + i * s <= hi + s / 2; i++) ticks.push(lo + i * s);
    const at = (v) => from + (v - lo) / (hi - lo) * (to - from);
    return {at: at, ticks: ticks, format: axis.time ? clock : count};
  }

  // Points become path commands; a missing value ends a segment, and a lone point gets a zero-length stroke
  // that the round line cap shows as a dot.
  function pathData(points, x, y, stepped) {
    let d = '';
    let segment = 0;
    const endSegment = () => {
      if (segment === 1) d += ' h0';
      segment = 0;
    };
    points.forEach(([px, py]) => {
      if (!finite(px) || !finite(py)) {
        endSegment();
        return;
      }
      const sx = x.at(px).toFixed(1);
      const sy = y.at(py).toFixed(1);
      if (segment === 0) d += ' M' + sx + ',' + sy;
      else d += stepped ? ' H' + sx + ' V' + sy : ' L' + sx + ',' + sy;
      segment++;
    });
    endSegment();
    return d.trim();
  }

  function note(figure, message) {
    const p = document.createElement('p');
    p.className = 'no-data';
    p.textContent = message;
    figure.appendChild(p);
  }

  // spec: {x, y, y2?: axis, height?, series: [{name, points: [[x, y]], axis?: 'y2', color?, dashed?,
  //        style?: 'line' | 'step' | 'dots' | 'markers', down?, connect?, marks?: (index) => {cls, r, title, text,
  //        lower}}]}
  // axis: {label, min?, max?, hidden?}; a series without a single finite point is left out, legend included.
  function chart(id, spec) {
    const figure = document.getElementById(id);
    const usable = (s) => s.points.filter(([px, py]) => finite(px) && finite(py));
    const series = spec.series.filter((s) => usable(s).length > 0)
      .map((s, i) => Object.assign({color: COLORS[i % COLORS.length]}, s));
    if (series.length === 0) {
      note(figure, 'No data yet.');
      return;
    }
    const height = spec.height || 280;
    const svg = el('svg', {viewBox: '0 0 ' + WIDTH + ' ' + height, class: 'chart', role: 'img'}, figure);
    const plotBottom = height - MARGIN.bottom;
    const x = scale(series.flatMap(usable).map((p) => p[0]), Object.assign({time: true}, spec.x), MARGIN.left,
        WIDTH - MARGIN.right);
    const scales = {};
    ['y', 'y2'].forEach((axis) => {
      const values = series.filter((s) => (s.axis || 'y') === axis).flatMap(usable).map((p) => p[1]);
      if (values.length === 0) return;
      scales[axis] = scale(values, spec[axis], plotBottom, MARGIN.top);
      if (spec[axis].hidden) scales[axis].ticks = [];
    });
    axes(svg, spec, x, scales, height);
    series.forEach((s) => draw(svg, s, x, scales[s.axis || 'y']));
    legend(svg, series);
  }

  function axes(svg, spec, x, scales, height) {
    const bottom = height - MARGIN.bottom;
    const grid = el('g', {class: 'axes'}, svg);
    x.ticks.forEach((t) => {
      el('line', {x1: x.at(t), x2: x.at(t), y1: MARGIN.top, y2: bottom, class: 'grid'}, grid);
      label(grid, x.at(t), bottom + 16, x.format(t), {'text-anchor': 'middle'});
    });
    label(grid, (MARGIN.left + WIDTH - MARGIN.right) / 2, height - 6, spec.x.label, {'text-anchor': 'middle',
      class: 'axis-label'});
    el('line', {x1: MARGIN.left, x2: WIDTH - MARGIN.right, y1: bottom, y2: bottom, class: 'axis'}, grid);
    [['y', MARGIN.left, -8, 'end', 14], ['y2', WIDTH - MARGIN.right, 8, 'start', WIDTH - 10]]
      .filter(([axis]) => scales[axis] && scales[axis].ticks.length > 0)
      .forEach(([axis, edge, offset, anchor, titleX]) => {
        const y = scales[axis];
        y.ticks.forEach((t) => {
          if (axis === 'y') el('line', {x1: MARGIN.left, x2: WIDTH - MARGIN.right, y1: y.at(t), y2: y.at(t),
            class: 'grid'}, grid);
          label(grid, edge + offset, y.at(t) + 4, y.format(t), {'text-anchor': anchor});
        });
        el('line', {x1: edge, x2: edge, y1: MARGIN.top, y2: bottom, class: 'axis'}, grid);
        const middle = (MARGIN.top + bottom) / 2;
        label(grid, titleX, middle, spec[axis].label, {'text-anchor': 'middle', class: 'axis-label',
          transform: 'rotate(-90 ' + titleX + ' ' + middle + ')'});
      });
  }

  function triangle(cx, cy, down) {
    return 'M' + (cx - 7) + ',' + (down ? cy - 6 : cy + 6) + (down ? ' h14 l-7,12 z' : ' h14 l-7,-12 z');
  }

  function draw(svg, s, x, y) {
    const group = el('g', {class: 'series-group'}, svg);
    if (s.style !== 'dots' && s.style !== 'markers') {
      el('path', {class: 'series', d: pathData(s.points, x, y, s.style === 'step'), stroke: s.color,
        'stroke-dasharray': s.dashed ? '6 4' : 'none'}, group);
      return;
    }
    if (s.connect) el('path', {class: 'connector', d: pathData(s.points, x, y, false), stroke: s.color}, group);
    s.points.forEach(([px, py], i) => {
      if (!finite(px) || !finite(py)) return;
      const mark = s.marks ? s.marks(i) : {};
      const cx = x.at(px);
      const cy = y.at(py);
      const cls = 'mark ' + (mark.cls || '');
      const node = s.style === 'dots'
        ? el('circle', {class: cls, cx: cx, cy: cy, r: mark.r || 4, fill: s.color}, group)
        : el('path', {class: cls, d: triangle(cx, cy, s.down), fill: s.color}, group);
      if (mark.title) el('title', {}, node).textContent = mark.title;
      if (mark.text) label(group, cx, cy + (mark.lower ? 24 : -14), mark.text, {'text-anchor': 'middle',
        class: 'mark-label'});
    });
  }

  // One row above the plot, wrapping onto a second when there are many series (e.g. lag groups).
  function legend(svg, series) {
    let left = MARGIN.left;
    let top = 10;
    series.forEach((s) => {
      const width = 40 + s.name.length * 6.5;
      if (left + width > WIDTH && left > MARGIN.left) {
        left = MARGIN.left;
        top += 14;
      }
      const item = el('g', {class: 'legend-item'}, svg);
      if (s.style === 'markers') {
        el('path', {d: triangle(left + 9, top, s.down), fill: s.color, class: 'swatch-marker'}, item);
      } else {
        el('line', {x1: left, x2: left + 18, y1: top, y2: top, stroke: s.color, class: 'swatch',
          'stroke-dasharray': s.dashed ? '6 4' : 'none'}, item);
      }
      label(item, left + 24, top + 4, s.name);
      left += width;
    });
  }

  function render(data) {
    const samples = data.samples;
    const evaluations = data.evaluations;
    const promotions = data.promotions;
    const served = data.served || [];
    const end = [...samples, ...evaluations, ...promotions, ...served]
      .reduce((a, item) => Math.max(a, item.seconds), 0);
    const time = {label: 'time since start (m:ss)', min: 0, max: end};
    const overSamples = (value) => samples.map((s) => [s.seconds, value(s)]);

    chart('plot-loss', {x: time, y: {label: 'training loss', min: 0}, y2: {label: 'examples trained', min: 0},
      series: [
        {name: 'training loss', points: overSamples((s) => s.trainLoss)},
        {name: 'examples trained', axis: 'y2', dashed: true, points: overSamples((s) => s.examplesTrained)}]});

    const evaluationMark = (cls) => (i) => {
      const e = evaluations[i];
      return {cls: cls + (e.promoted ? ' promoted' : ''), r: e.promoted ? 6 : 4,
        title: e.checkpointId + ' (' + e.examplesSeen + ' examples): ' + (e.promoted ? 'promoted, ' : '') + e.reason};
    };
    chart('plot-evaluations', {x: time, y: {label: 'validation score'}, series: [
      {name: 'macro-F1 (larger: promoted)', style: 'dots', connect: true, marks: evaluationMark('eval-f1'),
        points: evaluations.map((e) => [e.seconds, e.macroF1])},
      {name: 'accuracy', style: 'dots', connect: true, marks: evaluationMark('eval-accuracy'),
        points: evaluations.map((e) => [e.seconds, e.accuracy])},
      {name: 'champion macro-F1', style: 'step', dashed: true, color: '#555',
        points: evaluations.map((e) => [e.seconds, e.championMacroF1])}]});

    // Labels alternate above and below in timeline order, so neighbouring events do not print over each other.
    const events = promotions.map((p, order) => Object.assign({order: order}, p));
    const markers = (name, rollback, color) => {
      const shown = events.filter((p) => (p.kind === 'ROLLBACK') === rollback);
      return {name: name, style: 'markers', down: rollback, color: color, points: shown.map((p) => [p.seconds, 0.5]),
        marks: (i) => {
          const version = String(shown[i].modelVersion || '');
          return {cls: name, lower: shown[i].order % 2 === 1,
            text: version.length > 18 ? version.slice(0, 17) + '…' : version,
            title: shown[i].kind + ' ' + version + ' at ' + clock(shown[i].seconds)};
        }};
    };
    chart('plot-promotions', {x: time, y: {min: 0, max: 1, hidden: true}, height: 150,
      series: [markers('promotion', false, '#3a9a4a'), markers('rollback', true, '#b8323a')]});

    const groups = [...new Set(samples.flatMap((s) => Object.keys(s.lagByGroup)))].sort();
    chart('plot-lag', {x: time, y: {label: 'lag (records)', min: 0}, series: groups.map((g) => ({
      name: g, points: overSamples((s) => (g in s.lagByGroup ? s.lagByGroup[g] : null))}))});

    servingChart(served, time);

    // Only a finished run has the card (and its figure): a live report has no held-out scores yet.
    if (document.getElementById('plot-champions')) championsChart(data.champions || [], data.base, time);

    chart('plot-records', {x: time, y: {label: 'records', min: 0}, series: [
      {name: 'produced', points: overSamples((s) => s.produced)},
      {name: 'accepted', points: overSamples((s) => s.accepted)},
      {name: 'dead-lettered', points: overSamples((s) => s.deadLettered)},
      {name: 'duplicates dropped', points: overSamples((s) => s.duplicates)}]});
  }

  // The champion's held-out score as a step line from each promotion on to the end of the run, a mark per
  // promotion (ringed where macro-F1 went down), and the base model with a linear probe as a dashed reference.
  function championsChart(champions, base, time) {
    const stepTo = (value) => {
      const points = champions.map((c) => [c.seconds, value(c)]);
      if (points.length > 0) points.push([time.max, points[points.length - 1][1]]);
      return points;
    };
    const reference = base ? [[0, base.macroF1], [time.max, base.macroF1]] : [];
    chart('plot-champions', {x: time, y: {label: 'held-out score', max: 1}, series: [
      {name: 'champion macro-F1', style: 'step', color: COLORS[0], points: stepTo((c) => c.macroF1)},
      {name: 'champion accuracy', style: 'step', color: COLORS[1], points: stepTo((c) => c.accuracy)},
      {name: 'promotion', style: 'dots', color: COLORS[0], points: champions.map((c) => [c.seconds, c.macroF1]),
        marks: (i) => {
          const c = champions[i];
          const lowered = finite(c.macroF1Change) && c.macroF1Change < 0;
          return {cls: 'champion' + (lowered ? ' lowered' : ''), r: 5,
            title: c.kind + ' ' + c.modelVersion + ' (' + c.examplesSeen + ' examples seen): macro-F1 '
              + c.macroF1.toFixed(3) + (finite(c.macroF1Change) ? ' (' + (c.macroF1Change >= 0 ? '+' : '')
              + c.macroF1Change.toFixed(3) + ')' : '')};
        }},
      {name: 'base model + linear probe macro-F1', style: 'step', dashed: true, color: '#555', points: reference}]});
  }

  // Live accuracy over the last 100 served answers, a marker where a new version first answered, failed requests.
  function servingChart(served, time) {
    const recent = [];
    let right = 0;
    let texts = 0;
    let last = null;
    const accuracy = [];
    const changes = [];
    served.filter((p) => p.modelVersion).forEach((p) => {
      recent.push(p);
      right += p.correct;
      texts += p.texts;
      while (texts - recent[0].texts >= 100) {
        const oldest = recent.shift();
        right -= oldest.correct;
        texts -= oldest.texts;
      }
      const point = [p.seconds, right / texts];
      accuracy.push(point);
      if (p.modelVersion !== last) {
        changes.push({seconds: p.seconds, y: point[1], version: p.modelVersion});
        last = p.modelVersion;
      }
    });
    const failed = served.filter((p) => !p.modelVersion);
    chart('plot-serving', {x: time, y: {label: 'live accuracy', max: 1}, series: [
      {name: 'live accuracy of served answers (last 100)', points: accuracy},
      {name: 'new version answering', style: 'markers', color: '#3a9a4a', points: changes.map((c) => [c.seconds, c.y]),
        marks: (i) => {
          const version = String(changes[i].version);
          return {cls: 'served-version', lower: i % 2 === 1,
            text: version.length > 18 ? version.slice(0, 17) + '…' : version,
            title: version + ' first answered at ' + clock(changes[i].seconds)};
        }},
      {name: 'failed request', style: 'dots', color: '#b8323a', points: failed.map((p) => [p.seconds, 0])}]});
  }

  try {
    render(JSON.parse(document.getElementById('run-data').textContent));
    document.body.setAttribute('data-rendered', 'ok');
  } catch (error) {
    document.body.setAttribute('data-rendered', 'error');
    const message = document.getElementById('render-error');
    message.textContent = 'The plots could not be drawn: ' + (error && error.stack ? error.stack : error);
    message.hidden = false;
  }
})();
