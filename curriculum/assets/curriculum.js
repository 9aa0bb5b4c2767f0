/* curriculum: the scroll cue of wide tables and drawings. A container with class "scroll-x"
   gets "more-left" / "more-right" while there is more to see on that side; the CSS draws a
   shade and an arrow there. Without script the content still scrolls. */
(function () {
  "use strict";
  function mark(el) {
    el.classList.toggle("more-left", el.scrollLeft > 1);
    el.classList.toggle("more-right", el.scrollLeft + el.clientWidth < el.scrollWidth - 1);
  }
  function markAll() {
    document.querySelectorAll(".scroll-x").forEach(mark);
  }
  function init() {
    document.querySelectorAll(".scroll-x").forEach(function (el) {
      el.addEventListener("scroll", function () { mark(el); }, { passive: true });
    });
    markAll();
    window.addEventListener("resize", markAll);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
