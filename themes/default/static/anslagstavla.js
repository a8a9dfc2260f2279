// The notice board and the consultations, read with the reader's clock:
// each item whose last day (data-until) has not passed is marked open,
// the others closed, and on the notice board the open ones move to the
// top. Without this script every item is listed with its dates; the build
// itself never reads the clock.
(function () {
  "use strict";
  var now = new Date();
  var pad = function (n) { return (n < 10 ? "0" : "") + n; };
  var today = now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
  var lists = document.querySelectorAll("ol[data-open]");
  for (var l = 0; l < lists.length; l++) {
    var items = lists[l].querySelectorAll("li[data-until]");
    for (var i = 0; i < items.length; i++) {
      var open = items[i].getAttribute("data-until") >= today;
      var badge = document.createElement("span");
      badge.className = "badge " + (open ? "badge-open" : "badge-closed");
      badge.textContent = lists[l].getAttribute(open ? "data-open" : "data-closed");
      // Beside the notice's kind, or before its heading.
      var kicker = items[i].querySelector(".kicker");
      if (kicker) {
        kicker.appendChild(document.createTextNode(" "));
        kicker.appendChild(badge);
      } else {
        var heading = items[i].querySelector("h3");
        heading.parentNode.insertBefore(badge, heading);
      }
      items[i].setAttribute("data-open", open ? "true" : "false");
    }
  }
  var all = document.getElementById("notices-list");
  var current = document.getElementById("notices-current-list");
  if (!all || !current) { return; }
  var open = all.querySelectorAll("li[data-open=true]");
  for (var k = 0; k < open.length; k++) { current.appendChild(open[k]); }
  if (open.length > 0) {
    document.getElementById("notices-current").hidden = false;
    var h = document.getElementById("notices-h");
    h.textContent = h.getAttribute("data-earlier");
  }
})();
