// SC.dom: building elements without innerHTML, so that no name from the
// catalogue or the address box is ever parsed as HTML.
SC.dom = (function () {
  'use strict';
  let counter = 0;

  // h('button', {class: 'x', type: 'button', onclick: fn}, ['text', el]).
  // Attributes that are null, undefined or false are left out.
  function h(tag, attrs, children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v == null || v === false) continue;
      if (k === 'class') el.className = v;
      else if (k === 'text') el.textContent = v;
      else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, v === true ? '' : String(v));
    }
    append(el, children);
    return el;
  }

  function append(el, children) {
    if (children == null) return el;
    for (const c of Array.isArray(children) ? children : [children]) {
      if (c == null || c === false) continue;
      el.appendChild(typeof c === 'object' ? c : document.createTextNode(String(c)));
    }
    return el;
  }

  function clear(el) {
    while (el.firstChild) el.removeChild(el.firstChild);
    return el;
  }

  // uid makes ids unique across several widgets on one host page.
  function uid(name) {
    counter += 1;
    return 'sc' + counter + '-' + name;
  }

  return { h: h, append: append, clear: clear, uid: uid };
})();
