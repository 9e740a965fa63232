// Leaflet, out of the global scope. leaflet.js, just above in the bundle,
// has registered itself on the bundle's module.exports and on window.L;
// noConflict gives window.L back to whatever the host page had there, so
// that a district website's own Leaflet (of any version) is left alone.
var L = module.exports.noConflict();
