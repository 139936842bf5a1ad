// TapDesk works without JavaScript; this only adds the copy button, hides the pass when the page is left,
// and pre-selects the browser's time zone until the operator has chosen one.
(function () {
  'use strict';

  document.addEventListener('DOMContentLoaded', function () {
    var value = document.getElementById('tap-value');
    var copy = document.getElementById('copy-button');
    if (value && copy && navigator.clipboard) {
      copy.hidden = false;
      copy.addEventListener('click', function () {
        navigator.clipboard.writeText(value.textContent).then(function () {
          copy.textContent = copy.getAttribute('data-copied');
        });
      });
    }

    var zone = document.getElementById('tz-select');
    if (zone && zone.getAttribute('data-chosen') !== 'true' && window.Intl) {
      var browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
      for (var i = 0; i < zone.options.length; i++) {
        if (zone.options[i].value === browserZone) {
          zone.value = browserZone;
          break;
        }
      }
    }
  });

  // Blank the pass before the page goes into the back/forward cache or away.
  window.addEventListener('pagehide', function () {
    var value = document.getElementById('tap-value');
    if (value) {
      value.textContent = '';
    }
  });
})();
