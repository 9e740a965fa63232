// Boot for the server's own pages (/ and /embed): the template leaves the
// app's name and options on #skillcircle; the API is this page's origin.
(function () {
  'use strict';
  const root = document.getElementById('skillcircle');
  if (!root) return;
  const options = JSON.parse(root.getAttribute('data-config') || '{}');
  options.api = window.location.origin;
  // height (pixels) sizes the app instead of the window.
  if (options.height) {
    document.body.style.height = 'auto';
    root.style.height = options.height + 'px';
  }
  const app = SC.apps[root.getAttribute('data-app')];
  if (!app) throw new Error('skillcircle: no app ' + root.getAttribute('data-app'));
  app(root, options);
})();
