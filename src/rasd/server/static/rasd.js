/* rasd dashboard: small progressive enhancements. Everything works without this file. */
(function () {
  "use strict";

  function flash(el) {
    if (!el) return;
    el.classList.remove("flash");
    void el.offsetWidth; // restart the animation
    el.classList.add("flash");
    el.scrollIntoView({ block: "center", behavior: "smooth" });
  }

  function byId(id) { return id ? document.getElementById(id) : null; }

  document.addEventListener("click", function (ev) {
    var t = ev.target;
    if (!(t instanceof Element)) return;

    // side-panel links: scroll to the annotation in the text and flash it
    var jump = t.closest("a.jump");
    if (jump && jump.dataset.target) {
      var target = byId(jump.dataset.target);
      if (target) {
        ev.preventDefault();
        flash(target);
        history.replaceState(null, "", "#" + jump.dataset.target);
      }
      return;
    }

    // a quote: highlight its speaker (and the quote itself)
    var quote = t.closest(".ann.quote");
    if (quote && !t.closest("a")) {
      var on = !quote.classList.contains("active");
      document.querySelectorAll(".ann.active").forEach(function (e) { e.classList.remove("active"); });
      if (on) {
        quote.classList.add("active");
        var sp = byId(quote.dataset.speaker);
        if (sp) { sp.classList.add("active"); }
      }
      return;
    }

    // an amount or a time: show its entry (value, unit, resolved date) in the side panel
    var val = t.closest(".ann.amount, .ann.time");
    if (val && !t.closest("a")) {
      var item = document.querySelector('aside a.jump[data-target="' + val.id + '"]');
      if (item) { flash(item.closest("li") || item); }
      return;
    }

    // an event trigger: highlight its arguments
    var evt = t.closest(".ann.event");
    if (evt && !t.closest("a")) {
      var was = evt.classList.contains("active");
      document.querySelectorAll(".ann.active").forEach(function (e) { e.classList.remove("active"); });
      if (!was) {
        evt.classList.add("active");
        (evt.dataset.args || "").split(" ").forEach(function (id) {
          var a = byId(id);
          if (a) a.classList.add("active");
        });
      }
    }
  });

  // keyboard: Enter/Space on a focusable annotation acts like a click
  document.addEventListener("keydown", function (ev) {
    var t = ev.target;
    if ((ev.key === "Enter" || ev.key === " ") && t instanceof Element && t.matches(".ann[role=button]")) {
      ev.preventDefault();
      t.click();
    }
  });

  // legend checkboxes: show/hide a layer's highlighting in the article text
  document.querySelectorAll(".layer-toggles input[data-layer]").forEach(function (box) {
    box.addEventListener("change", function () {
      var text = byId("article-text");
      if (!text) return;
      var layer = box.dataset.layer;
      var same = document.querySelectorAll('.layer-toggles input[data-layer="' + layer + '"]');
      same.forEach(function (b) { b.checked = box.checked; });
      text.classList.toggle("hide-" + layer, !box.checked);
    });
  });

  // arriving with #ann-… (from an entity page or the events table): flash it
  if (location.hash && location.hash.indexOf("#ann-") === 0) {
    var el = byId(decodeURIComponent(location.hash.slice(1)));
    if (el) { window.setTimeout(function () { flash(el); }, 50); }
  }
})();
