// TapDesk works without JavaScript; this only adds the copy button, hides the pass (value and spelled form) when
// the page is left, and pre-selects the browser's time zone until the operator has chosen one.
(function () {
  'use strict';

  document.addEventListener('DOMContentLoaded', function () {
    // after a refused submit the card opens at its top: focus the summary of what stopped it, so it is read out
    var summary = document.getElementById('error-summary');
    if (summary) {
      summary.focus();
    } else {
      // a smaller form's error (ask the manager, lift a fence, the manager's answer): brought into view and read out
      var problem = document.querySelector('[data-focus-on-load]');
      if (problem) {
        problem.focus();
      }
    }

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

  // An open request's page asks whether it was decided and reloads when it was. The answer comes from a route that
  // never extends the sign-in (approvals/RequestStatePoll): a page left polling is signed out at the idle timeout,
  // and then goes to the sign-in page.
  // A card may wait for two answers at once (the manager, and "Get verified"): each polls on its own.
  document.addEventListener('DOMContentLoaded', function () {
    if (!window.fetch) {
      return;
    }
    Array.prototype.forEach.call(document.querySelectorAll('[data-poll]'), poll);
  });

  function poll(waiting) {
    var url = waiting.getAttribute('data-poll');
    var shown = waiting.getAttribute('data-state');
    var every = parseInt(waiting.getAttribute('data-poll-every'), 10) || 10000;
    var leaving = false;
    var timer = window.setInterval(function () {
      if (leaving) {
        return;
      }
      fetch(url, {headers: {'Accept': 'application/json'}, credentials: 'same-origin', cache: 'no-store'})
        .then(function (answer) {
          if (leaving) {
            return null;
          }
          if (answer.status === 401) {
            window.clearInterval(timer);
            window.location.assign('/');
            return null;
          }
          return answer.ok ? answer.json() : null;
        })
        .then(function (body) {
          if (body && body.state && body.state !== shown) {
            window.clearInterval(timer);
            window.location.reload();
          }
        })
        .catch(function () { /* the next tick tries again */ });
    }, every);
    // a form sent from this page (sign out, withdraw, issue) decides where to go next, not a poll answered meanwhile
    var stop = function () {
      leaving = true;
      window.clearInterval(timer);
    };
    document.addEventListener('submit', stop);
    window.addEventListener('pagehide', stop);
  }

  // Blank the pass, and its spelled form (which is the pass too), before the page goes into the back/forward cache
  // or away.
  window.addEventListener('pagehide', function () {
    ['tap-value', 'tap-spelled'].forEach(function (id) {
      var shown = document.getElementById(id);
      if (shown) {
        shown.textContent = '';
      }
    });
  });

  // The card's button says what it will do: "Send pickup link" when a recipient other than the caller is chosen.
  // Without a script the server renders the same words after each answer (walk of #19, finding 9).
  var issueSubmit = document.getElementById('issue-submit');
  if (issueSubmit && issueSubmit.getAttribute('data-handover-text')) {
    document.querySelectorAll('input[name="recipient"]').forEach(function (radio) {
      radio.addEventListener('change', function () {
        if (radio.checked) {
          issueSubmit.textContent = radio.value === 'caller' ? issueSubmit.getAttribute('data-issue-text')
            : issueSubmit.getAttribute('data-handover-text');
        }
      });
    });
  }
})();
